package io.clockwall.wall;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fat jar started as a real process; its stdout and stderr captured character by character. */
final class JarProcess implements AutoCloseable {

  static final Path WALL_JAR = Path.of("target", "clockwall-wall.jar");
  static final Path CLOCK_JAR = Path.of("..", "clock-verticle", "target", "clockwall-clock.jar");

  final Process process;
  final CapturedOutput out = new CapturedOutput();
  final CapturedOutput err = new CapturedOutput();
  private final List<Thread> pumps = new ArrayList<>();

  private JarProcess(Process process) {
    this.process = process;
    pumps.add(pump(process.getInputStream(), out, "stdout"));
    pumps.add(pump(process.getErrorStream(), err, "stderr"));
  }

  /** The JVM flags of the wall's image (docker/Dockerfile), in its 128 MB container. */
  static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAM=128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Xss512k", "-XX:MaxRAMPercentage=60", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=64m");

  static JarProcess start(Path jar, String... args) throws IOException {
    return start(List.of("-Xms32m", "-Xmx128m", "-XX:TieredStopAtLevel=1"), jar, args);
  }

  static JarProcess start(List<String> jvmFlags, Path jar, String... args) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run mvn package first");
    }
    // SIGINT as a terminal's Ctrl-C delivers it, also when the tests run in a background job (a shell starts those
    // with SIGINT ignored, and the JVM then leaves it ignored: the jar would never see the signal)
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("NO_COLOR");
    builder.environment().remove("TZ");
    return new JarProcess(builder.start());
  }

  private static Thread pump(InputStream in, CapturedOutput into, String name) {
    Thread t = new Thread(() -> {
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        char[] buffer = new char[4096];
        int n;
        while ((n = reader.read(buffer)) >= 0) {
          into.write(new String(buffer, 0, n));
        }
      } catch (IOException e) {
        // process gone
      }
    }, "jar-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Sends a signal ({@code TERM}, {@code INT}, {@code KILL}) and waits for the exit code. */
  int signal(String name) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    return exitCode();
  }

  int exitCode() throws Exception {
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("process did not exit; stderr:\n" + err.text());
    }
    for (Thread pump : pumps) {
      pump.join(5_000);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
