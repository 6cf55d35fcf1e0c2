package dev.grasp.graph.io;

import java.util.Locale;

/** The input policies a reader applies, each an option with a documented default. */
public final class Policies {

  private Policies() {}

  /** Self-loops u→u. Default {@link #KEEP}: they are counted in the read report either way. */
  public enum SelfLoops { KEEP, DROP }

  /**
   * Repeated (src, dst) pairs. Default {@link #DEDUPE}: one edge kept (the first weight, deterministically the
   * maximum when weights differ); {@link #WEIGHT}: one edge whose weight is the sum of the copies' weights (1 each
   * when unweighted); {@link #KEEP}: a multigraph.
   */
  public enum Duplicates { DEDUPE, WEIGHT, KEEP }

  /** Default {@link #DIRECTED}; {@link #UNDIRECTED} symmetrises (adds v→u for every u→v, then applies duplicates). */
  public enum Direction { DIRECTED, UNDIRECTED }

  /** A line that doesn't parse. Default {@link #FAIL} with file:line and the text; {@link #SKIP} drops and counts. */
  public enum Malformed { FAIL, SKIP }

  /**
   * Vertex ids. Default {@link #LONG} (decimal integers in the long range); {@link #STRING} maps any token to a long
   * with {@link IdMapping}.
   */
  public enum IdType { LONG, STRING }

  /** Parses an enum value case-insensitively (dashes allowed), naming the parameter and the choices on error. */
  public static <E extends Enum<E>> E parse(Class<E> type, String param, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException | NullPointerException e) {
      StringBuilder choices = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        choices.append(choices.length() == 0 ? "" : "|").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException(
          "`" + param + "` must be one of " + choices + ", got '" + value + "'");
    }
  }
}
