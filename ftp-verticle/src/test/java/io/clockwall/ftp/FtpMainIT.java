package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as a process: exit codes, one-line errors, hash-password, SIGTERM. */
class FtpMainIT {

  private static final Path JAR = Path.of("target", "clockwall-ftp.jar");

  @TempDir
  Path dir;

  private static Process start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  private static Process start(Map<String, String> env, String... args) throws IOException {
    return start(env, List.of(), args);
  }

  private static Process start(Map<String, String> env, List<String> jvmFlags, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.environment().keySet().removeIf(k -> k.startsWith("FTP_") || k.startsWith("CLOCKWALL_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static int exit(Process p) throws InterruptedException {
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return p.exitValue();
  }

  private static String stderr(Process p) throws IOException {
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void badConfigIsOneLineAndExitTwo() throws Exception {
    Process p = start("-conf", "{\"root\": \"" + dir + "\", \"port\": 70000}");
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals("clockwall-ftp: ftp config: port: must be 0-65535, got 70000\n", stderr(p));
    p = start("-conf", dir.resolve("missing.json").toString());
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals("clockwall-ftp: -conf " + dir.resolve("missing.json") + ": no such file\n", stderr(p));
  }

  @Test
  void commandLineMistakesAreOneLineAndExitTwo() throws Exception {
    Process p = start("-x");
    assertEquals(2, exit(p));
    assertEquals("clockwall-ftp: unknown option -x (-h for help)\n", stderr(p));
    p = start("-conf", "{\"root\": \"" + dir + "\"}", "extra");
    assertEquals(2, exit(p));
    assertTrue(stderr(p).startsWith("clockwall-ftp: unexpected argument 'extra'"));
    p = start(); // no -conf and no FTP_ROOT: the root is the one required key
    assertEquals(2, exit(p));
    assertEquals("clockwall-ftp: ftp config: root: required (the directory served)\n", stderr(p));
    p = start("hash-password", "--iterations", "10");
    assertEquals(2, exit(p));
    assertEquals("clockwall-ftp: hash-password: --iterations must be at least 1000\n", stderr(p));
  }

  @Test
  void environmentOverConf() throws Exception {
    Process p = start(Map.of("FTP_PORT", "70000"), "-conf", "{\"root\": \"" + dir + "\", \"port\": 2121}");
    assertEquals(2, exit(p));
    assertEquals("clockwall-ftp: ftp config: port: must be 0-65535, got 70000\n", stderr(p));
    p = start(Map.of("FTP_ROOT", dir.toString(), "FTP_ANONYMOUS", "maybe"));
    assertEquals(2, exit(p));
    assertEquals("clockwall-ftp: invalid config: FTP_ANONYMOUS=\"maybe\" (must be true or false)\n", stderr(p));
  }

  @Test
  void helpOnStdoutExitZero() throws Exception {
    Process p = start("-h");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, exit(p));
    assertTrue(out.contains("hash-password") && out.contains("FTP_ROOT"), out);
  }

  @Test
  void busyPortIsOneLineAndExitOne() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Process p = start("-conf", "{\"root\": \"" + dir + "\", \"host\": \"127.0.0.1\", \"port\": " + busy.getLocalPort() + "}");
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(1, p.exitValue());
      String err = stderr(p);
      assertEquals("clockwall-ftp: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": Address already in use\n",
          err);
    }
  }

  @Test
  void servesThenExitsZeroOnSigterm() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Files.writeString(dir.resolve("f.txt"), "x");
    // YAML, and the port from the environment (FTP_PORT over -conf)
    Path conf = Files.writeString(dir.resolve("ftp.yaml"),
        "root: \"" + dir + "\"\nhost: 127.0.0.1\nport: 1\n");
    // which classes the JVM loads: Netty's JFR events are not set up (they made the first connection ~90 ms slower)
    Path classes = dir.resolve("classes.log");
    Process p = start(Map.of("FTP_PORT", String.valueOf(port)), List.of("-Xlog:class+load:file=" + classes),
        "-conf", conf.toString());
    try {
      Ctl c = null;
      for (int i = 0; i < 100 && c == null; i++) {
        try {
          c = new Ctl(port);
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      try (Ctl ctl = c) {
        ctl.greeted().login("anonymous", "guest");
        assertEquals("213 1", ctl.cmd("SIZE f.txt"));
      }
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      List<String> loaded = Files.readAllLines(classes);
      assertTrue(loaded.stream().anyMatch(l -> l.contains("io.clockwall.ftp.FtpSession")), "the log covers a session");
      assertEquals(List.of(), loaded.stream().filter(l -> l.contains("jdk.jfr.internal.handlers")).toList());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void hashPassword() throws Exception {
    Process p = start("hash-password");
    p.getOutputStream().write("hunter2\n".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertTrue(out.startsWith("$pbkdf2-sha256$i=310000$"), out);
    assertTrue(PasswordHash.parse(out).verify("hunter2".toCharArray()));
  }
}
