package io.clockwall.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./vertx run ...} as Vert.x users type it, against the jars {@code mvn install} just built, and
 * {@code mvn vertx:run} in a module, which finds the modules it depends on where {@code mvn install} put them.
 */
class VertxScriptIT {

  private static final Path SCRIPT = Path.of("..", "vertx").toAbsolutePath().normalize();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process process : processes) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  void runsTheClockVerticleByShortOrFullNameWithConfAndInstances(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path conf = Files.writeString(dir.resolve("tokyo.json"),
      "{\"zone\": \"Asia/Tokyo\", \"host\": \"127.0.0.1\", \"port\": " + port + "}");
    Process clock = start(dir, "run", "ClockVerticle", "-conf", conf.toString(), "-instances", "2");
    assertServesTime(port, ZoneId.of("Asia/Tokyo"));
    stop(clock);

    port = freePort();
    clock = start(dir, "run", "io.clockwall.clock.ClockVerticle", "-conf",
      "{\"zone\": \"UTC\", \"host\": \"127.0.0.1\", \"port\": " + port + "}");
    assertServesTime(port, ZoneId.of("UTC"));
    stop(clock);
  }

  @Test
  void runsTheWallVerticleWithAConfFile(@TempDir Path dir) throws Exception {
    int port = freePort();
    Process clock = start(dir, "run", "ClockVerticle", "-conf",
      "{\"zone\": \"Asia/Tokyo\", \"host\": \"127.0.0.1\", \"port\": " + port + "}");
    assertServesTime(port, ZoneId.of("Asia/Tokyo"));
    Path wallConf = Files.writeString(dir.resolve("wall.json"),
      "{\"clocks\": [{\"name\": \"Tokyo\", \"host\": \"127.0.0.1\", \"port\": " + port + "}]}");
    Process wall = start(dir, "run", "WallVerticle", "-conf", wallConf.toString());
    try (BufferedReader out = wall.inputReader(StandardCharsets.UTF_8)) {
      String row;
      do {
        row = out.readLine();
        assertNotNull(row, "the wall ended without printing a row");
      } while (!row.matches("Tokyo \\d\\d:\\d\\d:\\d\\d"));
    }
    stop(wall);
    stop(clock);
  }

  @Test
  void mvnVertxRunStartsEachServiceModuleWithAConfigFile(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path clockConf = Files.writeString(dir.resolve("clock.json"),
      "{\"zone\": \"Asia/Kolkata\", \"host\": \"127.0.0.1\", \"port\": " + port + "}");
    Process clock = mvnVertxRun(dir, "clock-verticle", clockConf, "clock.out");
    long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!listening(port)) {
      // mvn ends at once when a module it needs is not installed: say what it said
      assertTrue(clock.isAlive(), () -> "mvn vertx:run ended: " + output(dir, "clock.out"));
      assertTrue(System.nanoTime() < started, () -> "mvn vertx:run serves no clock: " + output(dir, "clock.out"));
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertServesTime(port, ZoneId.of("Asia/Kolkata"));

    Path wallConf = Files.writeString(dir.resolve("wall.json"),
      "{\"clocks\": [{\"name\": \"Kolkata\", \"host\": \"127.0.0.1\", \"port\": " + port + "}]}");
    Process wall = mvnVertxRun(dir, "wall-verticle", wallConf, "wall.out");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Files.readAllLines(dir.resolve("wall.out")).stream().noneMatch(l -> l.matches("Kolkata \\d\\d:\\d\\d:\\d\\d"))) {
      assertTrue(System.nanoTime() < deadline && wall.isAlive(), "no wall row from mvn vertx:run");
      TimeUnit.MILLISECONDS.sleep(200);
    }
    for (Process mvn : List.of(wall, clock)) {
      mvn.descendants().forEach(ProcessHandle::destroy); // the verticle's JVM, forked by the plugin
      mvn.destroy();
      assertTrue(mvn.waitFor(20, TimeUnit.SECONDS));
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What an {@link #mvnVertxRun} process printed, its error lines included. */
  private static String output(Path dir, String out) {
    try {
      return String.join("\n", Files.readAllLines(dir.resolve(out))) + "\n"
          + String.join("\n", Files.readAllLines(dir.resolve(out + ".err")));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** {@code cd <module> && mvn vertx:run -Dvertx.config=<conf>}, stdout to {@code out}. */
  private Process mvnVertxRun(Path dir, String module, Path conf, String out) throws IOException {
    Path moduleDir = Path.of("..", module).toAbsolutePath().normalize();
    ProcessBuilder builder = new ProcessBuilder("mvn", "-B", "-q", "vertx:run", "-Dvertx.config=" + conf)
      .directory(moduleDir.toFile())
      .redirectOutput(dir.resolve(out).toFile())
      .redirectError(dir.resolve(out + ".err").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  @Test
  void unknownVerticleOrMissingDeploymentFileIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Process unknown = start(dir, "run", "Clock");
    assertTrue(unknown.waitFor(10, TimeUnit.SECONDS));
    assertEquals(2, unknown.exitValue());
    assertEquals(List.of("vertx: unknown verticle 'Clock' (known: ClockVerticle, WallVerticle, FtpVerticle, or a"
      + " deployment file such as conf/local.json)"), Files.readAllLines(dir.resolve("stderr")));

    Process missing = start(dir, "run", "nope.json");
    assertTrue(missing.waitFor(10, TimeUnit.SECONDS));
    assertEquals(2, missing.exitValue());
    assertEquals(List.of("vertx: nope.json: no such deployment file"), Files.readAllLines(dir.resolve("stderr")));
  }

  private Process start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
      .redirectError(dir.resolve("stderr").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    assertTrue(process.waitFor(15, TimeUnit.SECONDS), "exits on SIGTERM");
    assertEquals(0, process.exitValue());
  }

  private static void assertServesTime(int port, ZoneId zone) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(3000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String line = in.readLine();
        assertNotNull(line);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d"), line);
        int skew = Math.abs(LocalTime.parse(line).toSecondOfDay() - LocalTime.now(zone).toSecondOfDay());
        assertTrue(skew <= 1 || skew >= 86399, line + " is not the time in " + zone);
        return;
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100); // still starting
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
