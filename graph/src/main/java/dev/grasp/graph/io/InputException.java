package dev.grasp.graph.io;

/**
 * Bad input data: names the file and, where known, the 1-based line number and the line text. Jobs map it to exit
 * code 2.
 */
public class InputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "file:line: reason: 'text'" — the shape every malformed-line error takes. */
  public static InputException atLine(String file, long line, String reason, String text) {
    String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
    return new InputException(file + ":" + line + ": " + reason + ": '" + shown + "'");
  }
}
