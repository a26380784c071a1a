package io.clockwall.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app fat jar as a user runs it: {@code java -jar app/target/clockwall.jar plan.json}. */
class DeployMainIT {

  private static final Path JAR = Path.of("target", "clockwall.jar");
  private final List<Process> processes = new ArrayList<>();
  private final java.util.Map<Process, Path> stderrFiles = new java.util.HashMap<>();

  @AfterEach
  void killLeftovers() throws IOException {
    processes.forEach(Process::destroyForcibly);
    for (Path file : stderrFiles.values()) {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void aDeploymentFileRunsClocksAndTheWallInOneProcess(@TempDir Path dir) throws Exception {
    int utc = freePort();
    int kolkata = freePort();
    Files.writeString(dir.resolve("utc.json"), "{\"zone\": \"UTC\", \"port\": " + utc + ", \"host\": \"127.0.0.1\"}");
    Files.writeString(dir.resolve("wall.json"), "{\"clocks\": ["
      + "{\"name\": \"Utc\", \"host\": \"127.0.0.1\", \"port\": " + utc + "},"
      + "{\"name\": \"Kolkata\", \"host\": \"127.0.0.1\", \"port\": " + kolkata + "}]}");
    Path plan = Files.writeString(dir.resolve("plan.json"), "{\"deployments\": ["
      + "{\"name\": \"utc\", \"verticle\": \"ClockVerticle\", \"config\": \"utc.json\"},"
      + "{\"name\": \"kolkata\", \"verticle\": \"io.clockwall.clock.ClockVerticle\", \"instances\": 2,"
      + " \"config\": {\"zone\": \"Asia/Kolkata\", \"port\": " + kolkata + ", \"host\": \"127.0.0.1\"}},"
      + "{\"name\": \"wall\", \"verticle\": \"WallVerticle\", \"config\": {\"configFile\": \"wall.json\"}}]}");

    Process app = start(plan.toString());
    BlockingQueue<String> stdout = lines(app);

    // The clocks serve the Go clock's bytes: HH:MM:SS\n in their zone.
    assertClockServes(utc, ZoneId.of("UTC"));
    assertClockServes(kolkata, ZoneId.of("Asia/Kolkata"));

    // The wall (not a TTY here) prints its header with the offsets, then one plain row a second.
    Pattern row = Pattern.compile("^Utc (\\d\\d:\\d\\d:\\d\\d) \\| Kolkata (\\d\\d:\\d\\d:\\d\\d)$");
    awaitLine(stdout, "clocks: Utc +00:00 | Kolkata +05:30"::equals, 15); // once both clocks have been heard
    // A row shows each clock's latest line, so at a second's edge one of them may already show the next second;
    // of three rows, each is 5:30 apart to the second, or one second off, and one exactly.
    boolean exact = false;
    for (int i = 0; i < 3; i++) {
      String line = awaitLine(stdout, l -> row.matcher(l).matches(), 10);
      Matcher m = row.matcher(line);
      assertTrue(m.matches());
      long seconds = Duration.between(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2))).toSeconds();
      long offBy = Math.floorMod(seconds, 24 * 3600) - 330 * 60;
      assertTrue(Math.abs(offBy) <= 1, line);
      exact |= offBy == 0;
    }
    assertTrue(exact, "no row with both clocks on the same second");

    app.destroy(); // SIGTERM
    assertTrue(app.waitFor(15, TimeUnit.SECONDS), "exits promptly on SIGTERM");
    assertEquals(0, app.exitValue());
  }

  @Test
  void aBadDeploymentFileIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), "{\"deployments\": [{\"verticle\": \"Clock\"}]}");
    Process app = start(plan.toString());
    assertTrue(app.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, app.exitValue());
    assertEquals("clockwall: deployments[0]: unknown verticle \"Clock\" (known: ClockVerticle, FtpVerticle,"
      + " WallVerticle, or a fully qualified class name)", lastStderrLine(app));
  }

  @Test
  void aBusyPortStopsTheWholeDeploymentWithOneLineAndExitOne(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      Path plan = Files.writeString(dir.resolve("plan.json"), "{\"deployments\": [{\"name\": \"tokyo\","
        + " \"verticle\": \"ClockVerticle\", \"config\": {\"host\": \"127.0.0.1\", \"port\": " + busy.getLocalPort() + "}}]}");
      Process app = start(plan.toString());
      assertTrue(app.waitFor(30, TimeUnit.SECONDS));
      assertEquals(1, app.exitValue());
      String line = lastStderrLine(app);
      assertTrue(line.startsWith("clockwall: tokyo: ") && line.toLowerCase().contains("address already in use"), line);
    }
  }

  private Process start(String... args) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "run `mvn package` first: " + JAR.toAbsolutePath());
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("clockwall-app", ".stderr");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    processes.add(process);
    stderrFiles.put(process, stderr);
    return process;
  }

  private String lastStderrLine(Process process) throws IOException {
    List<String> lines = Files.readAllLines(stderrFiles.get(process)).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "stderr should be exactly one line, was: " + lines);
    return lines.get(0);
  }

  private static void assertClockServes(int port, ZoneId zone) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(3000);
        String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertNotNull(line);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d"), line);
        LocalTime expected = LocalTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        long skew = Math.abs(Duration.between(LocalTime.parse(line, DateTimeFormatter.ISO_LOCAL_TIME), expected).toSeconds());
        assertTrue(skew <= 1 || skew >= 86399, "clock in " + zone + " said " + line + ", expected about " + expected);
        return;
      } catch (java.net.ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100); // the process is still starting
      }
    }
  }

  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "stdout-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> lines, java.util.function.Predicate<String> wanted, int seconds)
    throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> seen = new ArrayList<>();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line != null) {
        seen.add(line);
      }
    }
    throw new AssertionError("no matching line within " + seconds + " s; saw " + seen);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
