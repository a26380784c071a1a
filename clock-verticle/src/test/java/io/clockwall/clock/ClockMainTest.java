package io.clockwall.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClockMainTest {

  @Test
  void aGoodConfFileOrStringOrNoneIsFine(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("good.json"), "{\"port\": 8010}");
    assertNull(ClockMain.confProblem(new String[] {"-conf", good.toString()}));
    assertNull(ClockMain.confProblem(new String[] {"-conf", "{\"port\": 8010}", "-instances", "2"}));
    assertNull(ClockMain.confProblem(new String[] {"-instances", "2"}));
    assertNull(ClockMain.confProblem(new String[] {}));
  }

  @Test
  void everySpellingOfTheOptionIsChecked() {
    String expected = ": neither a readable file nor a JSON object";
    assertEquals("-conf x.json" + expected, ClockMain.confProblem(new String[] {"-conf", "x.json"}));
    assertEquals("--conf x.json" + expected, ClockMain.confProblem(new String[] {"--conf", "x.json"}));
    assertEquals("-CONF x.json" + expected, ClockMain.confProblem(new String[] {"-CONF", "x.json"}));
    assertEquals("--conf x.json" + expected, ClockMain.confProblem(new String[] {"--conf=x.json"}));
    assertEquals("-conf x.json" + expected, ClockMain.confProblem(new String[] {"-instances", "2", "-conf=x.json"}));
  }

  @Test
  void whatIsWrongWithTheJsonIsSaidOnOneLine(@TempDir Path dir) throws Exception {
    assertEquals("-conf {\"port\":1: not a JSON object (Unexpected end-of-input at line 1, column 10)",
      ClockMain.confProblem(new String[] {"-conf", "{\"port\":1"}));
    assertEquals("-conf [1]: not a JSON object (an array)", ClockMain.confProblem(new String[] {"-conf", "[1]"}));
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\n  \"port\": 80x0\n}\n");
    String problem = ClockMain.confProblem(new String[] {"-conf", bad.toString()});
    assertEquals("-conf " + bad + ": not a JSON object (Unexpected character ('x' (code 120)):"
      + " was expecting comma to separate Object entries at line 2, column 13)", problem);
  }

  @Test
  void aFailureIsDescribedByItsFirstLine() {
    assertEquals("invalid config: port=0 (x)", ClockMain.describe(new ClockConfigException("invalid config: port=0 (x)")));
    assertEquals("boom", ClockMain.describe(new IllegalStateException("boom\n\tmore")));
    assertEquals("IllegalStateException", ClockMain.describe(new IllegalStateException()));
  }
}
