package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The parser's hand-written splitting and integer check agree with the regular expressions they replace. */
class EdgeLinesTest {

  private static final List<String> LINES = List.of("1 2", "1\t2", "1  \t 2 3", "\t1 2", "1 2\t", "1 2 ", "1\t\t2",
      "\t\t", " ", "", "a", "1 2 3 4", "\t 1", "12345678901234567890 1", "+1 -2", "1,2");

  @Test
  void splittingMatchesTheSeparatorRegex() {
    for (String regex : List.of("[ \t]+", "\t", "\\s*,\\s*")) {
      Pattern p = Pattern.compile(regex);
      for (String t : LINES) {
        assertArrayEquals(p.split(t, -1), EdgeLines.split(t, regex, p), regex + " on '" + t + "'");
      }
    }
  }

  @Test
  void integerCheckMatchesTheRegex() {
    Pattern p = Pattern.compile("^[+-]?[0-9]+$");
    for (String s : List.of("0", "-0", "+7", "-", "+", "", "12a", "1.0", " 1", "1 ", "٣", "99999999999999999999",
        "--1", "+-1", "007")) {
      assertEquals(p.matcher(s).matches(), EdgeLines.isInteger(s), "'" + s + "'");
    }
  }
}
