package io.clockwall.clock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock's fat jar running as a real process, with its stderr collected line by line. */
final class ClockProcess implements AutoCloseable {

  /** The jar under test; {@code -Dclock.jar=...} runs the same tests against another build (before and after). */
  static final Path JAR = Path.of(System.getProperty("clock.jar", "target/clockwall-clock.jar"));

  private final Process process;
  private final List<String> stderr = new ArrayList<>();
  private final CompletableFuture<String> listening = new CompletableFuture<>();
  private final Thread reader;

  private ClockProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::readStderr, "clock-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar clockwall-clock.jar args} with no CLOCK_* or TZ variables but those in {@code env}. */
  static ClockProcess start(Map<String, String> env, String... args) throws IOException {
    return start(List.of(), env, args);
  }

  /** The same with JVM flags, e.g. {@link #IMAGE_FLAGS}. */
  static ClockProcess start(List<String> jvmFlags, Map<String, String> env, String... args) throws IOException {
    assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
    List<String> command = new ArrayList<>(List.of(javaBin()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(name -> name.startsWith("CLOCK_") || name.equals("TZ"));
    builder.environment().putAll(env);
    return new ClockProcess(builder.start());
  }

  /** The JVM flags of the clock's image (docker/Dockerfile), in its 256 MB container. */
  static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAM=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
    "-Xss512k", "-XX:MaxRAMPercentage=60", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=64m");

  static ClockProcess start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  /** A port free right now on loopback. */
  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private void readStderr() {
    try (BufferedReader lines = new BufferedReader(
      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        synchronized (stderr) {
          stderr.add(line);
        }
        if (line.contains("clock listening on")) {
          listening.complete(line);
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
    listening.completeExceptionally(new AssertionError("clock exited before listening: " + stderr()));
  }

  /** Waits for the startup line and returns it. */
  String awaitListening() throws Exception {
    return listening.get(20, TimeUnit.SECONDS);
  }

  /** Waits for the process to end; returns its exit code. */
  int awaitExit() throws Exception {
    int code = process.onExit().get(20, TimeUnit.SECONDS).exitValue();
    reader.join(5_000);
    return code;
  }

  /** Everything the process wrote on stderr so far. */
  String stderr() {
    synchronized (stderr) {
      return stderr.stream().map(line -> line + "\n").reduce("", String::concat);
    }
  }

  List<String> stderrLines() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  Process process() {
    return process;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
