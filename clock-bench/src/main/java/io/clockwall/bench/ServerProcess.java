package io.clockwall.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A clock server the benchmark started as its own process (the clock fat jar, {@link NaiveClock}, the floor, or a
 * wall with the clock it reads),
 * its output in a log file, so its pid gives the /proc figures. Closed with SIGTERM, then SIGKILL.
 */
final class ServerProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 60_000;

  private final Process process;
  private final Path log;
  private final String name;
  private final int port;
  private JsonObject exit = new JsonObject();
  /** The wall's clock, for a wall target; stopped after the wall. */
  private ServerProcess source;

  private ServerProcess(Process process, Path log, String name, int port) {
    this.process = process;
    this.log = log;
    this.name = name;
    this.port = port;
  }

  /**
   * A wall and the clock it reads: the clock jar on a port of its own (its one client is the wall), then the wall
   * with its live page on {@code port}, its rows on stdout discarded (the viewers are what is measured), its log
   * in the log directory.
   */
  private static ServerProcess startWall(BenchConfig.Target target, List<String> jvmArgs, Path logDir, int port)
    throws BenchFailure, IOException {
    int clockPort = freePort();
    List<String> clockCmd = List.of(javaBinary(), "-jar", target.wallClockJar());
    Path clockLog = logDir.resolve("wall-clock-server.log");
    ProcessBuilder clockPb = new ProcessBuilder(clockCmd).redirectErrorStream(true).redirectOutput(clockLog.toFile());
    clockPb.environment().put("CLOCK_HOST", "127.0.0.1");
    clockPb.environment().put("CLOCK_PORT", Integer.toString(clockPort));
    clockPb.environment().put("CLOCK_ZONE", "UTC");
    ServerProcess clock = new ServerProcess(clockPb.start(), clockLog, "wall's clock", clockPort);
    clock.awaitListening(clockCmd);
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", target.jar(), "--web", Integer.toString(port), "UTC=127.0.0.1:" + clockPort));
    Path log = logDir.resolve(target.name() + "-server.log");
    Process wall = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
      .redirectError(log.toFile()).start();
    ServerProcess server = new ServerProcess(wall, log, target.name(), port);
    server.source = clock;
    try {
      server.awaitListening(cmd);
    } catch (BenchFailure e) {
      clock.close();
      throw e;
    }
    return server;
  }

  static ServerProcess start(BenchConfig.Target target, List<String> jvmArgs, Path logDir, String benchJar)
    throws BenchFailure {
    int port = target.port() != 0 ? target.port() : freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(jvmArgs);
    Path log = logDir.resolve(target.name() + "-server.log");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    try {
      if (target.kind() == BenchConfig.Target.Kind.WALL) {
        return startWall(target, jvmArgs, logDir, port);
      }
      if (target.kind() == BenchConfig.Target.Kind.FLOOR) {
        cmd.clear();   // a native process: no JVM, no JVM flags
        cmd.addAll(List.of(FloorServer.build(logDir).toString(), Integer.toString(port), "127.0.0.1"));
      } else if (target.kind() == BenchConfig.Target.Kind.NAIVE) {
        cmd.addAll(List.of("-cp", benchJar, NaiveClock.class.getName(), Integer.toString(port), "127.0.0.1"));
      } else if (target.kind() == BenchConfig.Target.Kind.LAB) {
        cmd.addAll(List.of("-cp", benchJar, LabClock.class.getName(), Integer.toString(port)));
        cmd.addAll(target.spawnArgs());
      } else {
        JsonObject conf = target.spawnConf().copy().put("host", "127.0.0.1").put("port", port);
        Path confFile = logDir.resolve(target.name() + "-conf.json");
        Files.writeString(confFile, conf.encodePrettily());
        if (target.spawnClasspath() == null) {
          cmd.addAll(List.of("-jar", target.jar()));
        } else {   // extra jars (e.g. Netty's native epoll transport) beside the fat jar: run its Main-Class
          cmd.addAll(List.of("-cp", target.jar() + java.io.File.pathSeparator + target.spawnClasspath(),
            mainClass(target.jar())));
        }
        cmd.addAll(List.of("-conf", confFile.toString()));
        cmd.addAll(target.spawnArgs());
        pb.environment().put("CLOCK_HOST", "127.0.0.1");
        pb.environment().put("CLOCK_PORT", Integer.toString(port));
      }
      pb.command(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      Process p = pb.start();
      ServerProcess server = new ServerProcess(p, log, target.name(), port);
      server.awaitListening(cmd);
      return server;
    } catch (IOException e) {
      throw new BenchFailure(target.name() + ": cannot start " + String.join(" ", cmd) + ": " + e.getMessage());
    }
  }

  private void awaitListening(List<String> cmd) throws BenchFailure {
    long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new BenchFailure(name + " server exited with code " + process.exitValue() + " before listening on port "
          + port + "; command: " + String.join(" ", cmd) + "; log " + log + ":\n" + tail(20));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        pause(100);
      }
    }
    close();
    throw new BenchFailure(name + " server did not listen on port " + port + " within " + START_TIMEOUT_MS
      + " ms; log " + log + ":\n" + tail(20));
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  long logLines() {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** How the server went away on SIGTERM: {exitCode, exitMs, killed}. */
  JsonObject exit() {
    return exit;
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      if (source != null) {
        source.close();
      }
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      if (exit.isEmpty()) {
        exit = new JsonObject().put("exitCode", process.exitValue()).put("exitMs", 0).put("killed", false)
          .put("diedEarly", true);
      }
      return;
    }
    long t0 = System.nanoTime();
    process.destroy();
    boolean killed = false;
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        killed = true;
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    exit = new JsonObject()
      .put("exitCode", process.isAlive() ? -1 : process.exitValue())
      .put("exitMs", (System.nanoTime() - t0) / 1_000_000L)
      .put("killed", killed);
  }

  private static String mainClass(String jar) throws IOException {
    try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar)) {
      String main = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Main-Class");
      if (main == null) {
        throw new IOException("no Main-Class in the manifest of " + jar);
      }
      return main;
    }
  }

  static int freePort() throws BenchFailure {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new BenchFailure("cannot find a free port: " + e.getMessage());
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
