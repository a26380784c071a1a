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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as a process: exit codes, one-line errors, hash-password, SIGTERM. */
class FtpMainIT {

  private static final Path JAR = Path.of("target", "clockwall-ftp.jar");

  @TempDir
  Path dir;

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
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
    assertEquals(1, stderr(p).lines().count());
  }

  @Test
  void busyPortIsOneLineAndExitOne() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Process p = start("-conf", "{\"root\": \"" + dir + "\", \"host\": \"127.0.0.1\", \"port\": " + busy.getLocalPort() + "}");
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(1, p.exitValue());
      String err = stderr(p);
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("clockwall-ftp: cannot listen on 127.0.0.1:" + busy.getLocalPort()), err);
    }
  }

  @Test
  void servesThenExitsZeroOnSigterm() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Files.writeString(dir.resolve("f.txt"), "x");
    Path conf = Files.writeString(dir.resolve("ftp.json"),
        "{\"root\": \"" + dir + "\", \"host\": \"127.0.0.1\", \"port\": " + port + "}");
    Process p = start("-conf", conf.toString());
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
