package io.clockwall.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherArgsTest {

  /** A service's default count (one per core for the clock and the FTP server) unless the command line gives one. */
  @Test
  void aDefaultInstanceCountIsAddedUnlessGiven() {
    LauncherArgs none = LauncherArgs.parse(new String[] {"-conf", "f.json"}, Set.of());
    assertEquals(List.of("-instances", "4"), none.withDefaultInstances(4).launcher());
    assertEquals(4, none.withDefaultInstances(4).instances());
    assertEquals("f.json", none.withDefaultInstances(4).conf());
    assertEquals(List.of(), none.withDefaultInstances(1).launcher());
    LauncherArgs given = LauncherArgs.parse(new String[] {"-conf", "f.json", "-instances", "1"}, Set.of());
    assertEquals(given, given.withDefaultInstances(4));
    assertEquals(1, given.withDefaultInstances(4).instances());
    LauncherArgs givenWithEquals = LauncherArgs.parse(new String[] {"--instances=3"}, Set.of());
    assertEquals(3, givenWithEquals.withDefaultInstances(4).instances());
    LauncherArgs afterDashes = LauncherArgs.parse(new String[] {"--", "-instances"}, Set.of());
    assertEquals(4, afterDashes.withDefaultInstances(4).instances());
    assertEquals(List.of("-instances"), afterDashes.withDefaultInstances(4).positional());
  }

  @Test
  void splitsLauncherOptionsConfOwnOptionsAndPositionals() {
    LauncherArgs args = LauncherArgs.parse(new String[] {"A=h:1", "--conf=x.json", "-instances", "2", "--sort",
      "offset", "-options", "{}", "-worker", "B=h:2"}, Set.of("sort"));
    assertEquals(List.of("-instances", "2", "-options", "{}", "-worker"), args.launcher());
    assertEquals("x.json", args.conf());
    assertEquals(Map.of("sort", "offset"), args.own());
    assertEquals(List.of("A=h:1", "B=h:2"), args.positional());
    assertEquals(2, args.instances());
    assertTrue(LauncherArgs.parse(new String[] {"-h"}, Set.of()).help());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      -bogus              | unknown option -bogus (-h for help)
      --sort x            | unknown option --sort (-h for help)
      -instances 0        | -instances 0: must be 1 or more
      -instances -3       | -instances -3: must be 1 or more
      -instances two      | -instances two: not a number (must be 1 or more)
      -conf               | option -conf needs a value (-h for help)
      """)
  void aMistakeIsOneLine(String line, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> LauncherArgs.parse(line.split(" "), Set.of()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void oneLineOfAFailure() {
    assertEquals("boom", OneLine.of(new IllegalStateException("boom\n\tmore")));
    assertEquals("IllegalStateException", OneLine.of(new IllegalStateException()));
    assertEquals("inner", OneLine.of(new RuntimeException(null, new java.io.IOException("inner"))));
    assertEquals("Address already in use",
      OneLine.of(new java.io.IOException("bind(..) failed with error(-98): Address already in use")));
    assertEquals("a?[2Jb", OneLine.printable("a\u001b[2Jb"));
  }

  @Test
  void environmentVariablesAreNamedFromThePrefixAndKey() {
    EnvOverlay env = new EnvOverlay("CLOCK_", Map.of("maxConnections", Integer.class, "reusePort", Boolean.class,
      "zone", String.class));
    assertEquals("CLOCK_MAX_CONNECTIONS", env.variable("maxConnections"));
    var conf = env.apply(new io.vertx.core.json.JsonObject().put("zone", "UTC"),
      Map.of("CLOCK_MAX_CONNECTIONS", " 42 ", "CLOCK_REUSE_PORT", "TRUE", "OTHER", "x"));
    assertEquals(42, conf.getInteger("maxConnections"));
    assertEquals(true, conf.getBoolean("reusePort"));
    assertEquals("UTC", conf.getString("zone"));
    assertEquals("invalid config: CLOCK_MAX_CONNECTIONS=\"many\" (must be an integer)", assertThrows(
      ConfigException.class, () -> env.apply(new io.vertx.core.json.JsonObject(),
        Map.of("CLOCK_MAX_CONNECTIONS", "many"))).getMessage());
  }
}
