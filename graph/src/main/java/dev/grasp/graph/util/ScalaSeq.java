package dev.grasp.graph.util;

import java.util.Arrays;

/** Column-name lists for the Scala side of Spark's Java API ({@code Dataset.join(other, usingColumns, joinType)}). */
public final class ScalaSeq {

  private ScalaSeq() {}

  /** The names as an immutable Scala list (a {@code scala.collection.Seq}). */
  public static scala.collection.immutable.List<String> of(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(Arrays.asList(names)).toList();
  }
}
