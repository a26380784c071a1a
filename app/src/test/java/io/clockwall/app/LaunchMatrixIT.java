package io.clockwall.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three jars started, refused and stopped from outside, by one shared launcher: every bad input is one line on
 * stderr with the same exit code from each jar (2 for a command line or config, 1 for anything else), and SIGINT
 * and SIGTERM exit 0 whenever they come.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LaunchMatrixIT {

  record Jar(String name, Path path, String prefix) {
  }

  static final Jar CLOCK = new Jar("clock", Path.of("..", "clock-verticle", "target", "clockwall-clock.jar"), "clock");
  static final Jar WALL = new Jar("wall", Path.of("..", "wall-verticle", "target", "clockwall-wall.jar"),
    "clockwall-wall");
  static final Jar APP = new Jar("app", Path.of("target", "clockwall.jar"), "clockwall");

  @TempDir
  static Path dir;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void files() throws IOException {
    Files.createDirectories(dir.resolve("adir"));
    Files.writeString(dir.resolve("clock-bad.json"), "{\"port\": 70000}");
    Files.writeString(dir.resolve("wall-bad.json"), "{\"clocks\": [], \"sort\": \"name\"}");
    Files.writeString(dir.resolve("wall.yaml"), "clocks:\n  - {name: A, host: 127.0.0.1, port: 1}\ntty: never\n");
    Files.writeString(dir.resolve("nests.json"), "{\"configFile\": \"wall.yaml\", \"clocks\": []}");
    Files.writeString(dir.resolve("plan-clock-bad.json"),
      "{\"deployments\": [{\"name\": \"clock\", \"verticle\": \"ClockVerticle\", \"config\": \"clock-bad.json\"}]}");
    Files.writeString(dir.resolve("plan-wall-bad.json"), "{\"deployments\": [{\"name\": \"wall\", \"verticle\":"
      + " \"WallVerticle\", \"config\": {\"configFile\": \"wall-bad.json\"}}]}");
    Files.writeString(dir.resolve("plan-nope.json"),
      "{\"deployments\": [{\"verticle\": \"com.example.Nope\"}]}");
    Files.writeString(dir.resolve("plan.yaml"), "deployments:\n  - name: wall\n    verticle: WallVerticle\n"
      + "    config: {configFile: wall.yaml}\n");
  }

  @AfterEach
  void kill() {
    processes.forEach(Process::destroyForcibly);
  }

  @ParameterizedTest
  @ValueSource(strings = {"clock", "wall", "app"})
  void aBadCommandLineIsOneLineAndExitTwo(String name) throws Exception {
    Jar jar = jar(name);
    assertRefused(jar, 2, "unknown option -bogus (-h for help)", "-bogus");
    assertRefused(jar, 2, "unknown option --verbose (-h for help)", "--verbose");
    assertRefused(jar, 2, "-instances 0: must be 1 or more", "-instances", "0");
    assertRefused(jar, 2, "-instances x: not a number (must be 1 or more)", "-instances", "x");
    assertRefused(jar, 2, "option -instances needs a value (-h for help)", "-instances");
    if (jar != APP) {
      assertRefused(jar, 2, "-conf /no/such.json: no such file", "-conf", "/no/such.json");
      assertRefused(jar, 2, "-conf " + dir.resolve("adir") + ": is a directory, not a config file",
        "-conf", dir.resolve("adir").toString());
      assertRefused(jar, 2, "-conf {\"x\": : not a JSON object (Unexpected end-of-input", "-conf", "{\"x\": ");
    }
  }

  @Test
  void aBadConfigIsExitTwoFromItsJarAndFromADeploymentFileAlike() throws Exception {
    assertRefused(CLOCK, 2, "invalid config: port=70000 (must be 0..65535)", "-conf",
      dir.resolve("clock-bad.json").toString());
    assertRefused(APP, 2, "clock: invalid config: port=70000 (must be 0..65535)",
      dir.resolve("plan-clock-bad.json").toString());
    assertRefused(WALL, 2, "config file " + dir.resolve("wall-bad.json") + ": config key 'clocks': the list is empty",
      "-conf", dir.resolve("wall-bad.json").toString());
    assertRefused(APP, 2, "wall: config file " + dir.resolve("wall-bad.json") + ": config key 'clocks': the list is"
      + " empty", dir.resolve("plan-wall-bad.json").toString());
    assertRefused(APP, 2, "deployments[0]: no verticle class com.example.Nope in this jar",
      dir.resolve("plan-nope.json").toString());
    assertRefused(APP, 2, dir.resolve("adir") + ": is a directory, not a config file", dir.resolve("adir").toString());
    assertRefused(APP, 2, "/no/plan.json: no such file", "/no/plan.json");
    assertRefused(WALL, 2, "config file " + dir.resolve("nests.json") + ": a followed file cannot name another",
      "-conf", dir.resolve("nests.json").toString());
  }

  @Test
  void oneJarsVariablesAreRefusedInADeploymentFileThatRunsSeveral() throws Exception {
    Process app = start(APP, Map.of("CLOCK_PORT", "9000"), "../conf/local.json");
    assertTrue(app.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, app.exitValue());
    assertEquals(List.of("clockwall: CLOCK_PORT is set, but in a deployment file each deployment reads variables of"
      + " its own (CLOCK_NEWYORK_PORT, CLOCK_LONDON_PORT, CLOCK_TOKYO_PORT): set those, or unset CLOCK_PORT"),
      stderr(app));
  }

  @Test
  void aConfigFileKeyIsFollowedByTheWallJarAsByTheApp() throws Exception {
    for (Process p : List.of(start(WALL, Map.of(), "-conf", "{\"configFile\": \"" + dir.resolve("wall.yaml") + "\"}"),
      start(APP, Map.of(), dir.resolve("plan.yaml").toString()))) {
      String out = awaitStdout(p, "A down");
      assertTrue(out.contains("A down"), out);
      p.destroy();
      assertEquals(0, p.waitFor() == 0 ? 0 : p.exitValue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clock:INT", "clock:TERM", "wall:INT", "wall:TERM", "app:INT", "app:TERM"})
  void aSignalWhileStartingOrRunningExitsZero(String jarAndSignal) throws Exception {
    Jar jar = jar(jarAndSignal.split(":")[0]);
    String signal = jarAndSignal.split(":")[1];
    for (long afterMs : new long[] {300, 2500}) {
      Process p = start(jar, Map.of(), args(jar));
      Thread.sleep(afterMs);
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), jarAndSignal);
      String err = String.join("\n", stderr(p));
      assertEquals(0, p.exitValue(), jarAndSignal + " after " + afterMs + " ms: " + err);
      assertFalse(err.contains("Exception") || err.contains("Discarding message") || err.contains(" ERROR "),
        jarAndSignal + " after " + afterMs + " ms: " + err);
    }
  }

  private String[] args(Jar jar) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    if (jar == CLOCK) {
      return new String[] {"-conf", "{\"port\": " + port + "}"};
    }
    if (jar == WALL) {
      return new String[] {"A=127.0.0.1:" + port};
    }
    Files.writeString(dir.resolve("signal-plan.json"), "{\"deployments\": [{\"name\": \"clock\", \"verticle\":"
      + " \"ClockVerticle\", \"config\": {\"port\": " + port + "}}, {\"name\": \"wall\", \"verticle\": \"WallVerticle\","
      + " \"config\": {\"clocks\": [{\"name\": \"A\", \"host\": \"127.0.0.1\", \"port\": " + port + "}]}}]}");
    return new String[] {dir.resolve("signal-plan.json").toString()};
  }

  private void assertRefused(Jar jar, int code, String message, String... args) throws Exception {
    Process p = start(jar, Map.of(), args);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), jar.name() + " " + List.of(args));
    List<String> lines = stderr(p);
    assertEquals(code, p.exitValue(), jar.name() + " " + List.of(args) + ": " + lines);
    assertEquals(1, lines.size(), jar.name() + " " + List.of(args) + ": one line, got " + lines);
    assertTrue(lines.get(0).startsWith(jar.prefix() + ": " + message), jar.name() + " " + List.of(args) + ": "
      + lines.get(0));
    assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "nothing on stdout");
  }

  private Process start(Jar jar, Map<String, String> env, String... args) throws IOException {
    assertTrue(Files.isRegularFile(jar.path()), "run `mvn package` first: " + jar.path().toAbsolutePath());
    // env: SIGINT as a terminal's Ctrl-C delivers it, also when the tests run in a background job (started with
    // SIGINT ignored, which the JVM keeps: the signal tests would wait for an exit that never comes)
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-jar",
      jar.path().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
      .redirectError(Files.createTempFile(dir, "stderr", ".txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CLOCK_") || k.startsWith("WALL_")
      || k.startsWith("CLOCKWALL_"));
    builder.environment().putAll(env);
    Process p = builder.start();
    processes.add(p);
    stderrFiles.put(p, builder.redirectError().file().toPath());
    return p;
  }

  private final Map<Process, Path> stderrFiles = new java.util.HashMap<>();

  private List<String> stderr(Process p) throws IOException {
    return Files.readAllLines(stderrFiles.get(p)).stream().filter(l -> !l.isBlank()).toList();
  }

  private static String awaitStdout(Process p, String wanted) throws Exception {
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    var in = p.getInputStream();
    while (System.nanoTime() < deadline && !seen.toString().contains(wanted)) {
      if (in.available() > 0) {
        seen.append((char) in.read());
      } else {
        Thread.sleep(20);
      }
    }
    return seen.toString();
  }

  private static Jar jar(String name) {
    return switch (name) {
      case "clock" -> CLOCK;
      case "wall" -> WALL;
      default -> APP;
    };
  }
}
