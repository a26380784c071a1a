package io.clockwall.ftp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FTP jar's admin endpoint as an orchestrator and Prometheus see it: health and metrics over HTTP. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminEndpointIT {

  private static final Path JAR = Path.of("target", "clockwall-ftp.jar");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  void sessionsTransfersAndReadinessAsClientsComeAndGo() throws Exception {
    byte[] content = new byte[100_000];
    new java.util.Random(7).nextBytes(content);
    Files.write(dir.resolve("data.bin"), content);
    int port = freePort();
    int admin = freePort();
    Process server = start(admin, "{\"root\": \"" + dir + "\", \"host\": \"127.0.0.1\", \"port\": " + port
        + ", \"maxConnections\": 2, \"loginFailureDelayMs\": 1}");
    List<Ctl> sessions = new ArrayList<>();
    try {
      awaitStatus(admin, "/health/live", 200);
      assertEquals(200, get(admin, "/health/ready").statusCode());
      assertGauge(admin, port, 0);

      Ctl first = new Ctl(port).greeted().login("anonymous", "guest");
      sessions.add(first);
      assertGauge(admin, port, 1);
      HttpResponse<String> ready = get(admin, "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("\"sessions\":1"), ready.body());

      first.cmd("TYPE I");
      try (Socket data = first.transfer("RETR data.bin")) {
        assertArrayEquals(content, Ctl.readAll(data));
      }
      assertEquals(226, Ctl.code(first.read()));

      String tags = "port=\"" + port + "\"";
      String metrics = awaitMetric(admin, "clockwall_ftp_bytes_total{direction=\"retr\"," + tags + "} 100000.0");
      assertTrue(metrics.contains("clockwall_ftp_transfers_total{direction=\"retr\"," + tags + "} 1.0"), metrics);
      assertTrue(metrics.contains("clockwall_ftp_transfers_total{direction=\"stor\"," + tags + "} 0.0"), metrics);
      assertTrue(metrics.contains("clockwall_ftp_logins_total{" + tags + "} 1.0"), metrics);
      assertTrue(metrics.contains("clockwall_ftp_login_failures_total{" + tags + "} 0.0"), metrics);
      assertTrue(metrics.contains("clockwall_ftp_refused_total{" + tags + "} 0.0"), metrics);
      assertTrue(metrics.contains("clockwall_ftp_upload_buffer_bytes{" + tags + "} 0.0"), metrics);
      assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);

      // at maxConnections: not ready; one more is refused with 421 and counted
      Ctl second = new Ctl(port).greeted();
      sessions.add(second);
      assertEquals(331, Ctl.code(second.cmd("USER nobody")));
      assertEquals(530, Ctl.code(second.cmd("PASS wrong")));
      assertGauge(admin, port, 2);
      awaitStatus(admin, "/health/ready", 503);
      try (Ctl refused = new Ctl(port)) {
        assertEquals(421, Ctl.code(refused.read()));
      }
      metrics = awaitMetric(admin, "clockwall_ftp_refused_total{" + tags + "} 1.0");
      assertTrue(metrics.contains("clockwall_ftp_login_failures_total{" + tags + "} 1.0"), metrics);
      assertTrue(metrics.contains("clockwall_ftp_logins_total{" + tags + "} 1.0"), metrics);

      for (Ctl c : sessions) {
        c.close();
      }
      assertGauge(admin, port, 0);
      awaitStatus(admin, "/health/ready", 200);
      System.out.println("admin endpoint: /health/ready -> " + get(admin, "/health/ready").body());

      server.destroy(); // SIGTERM
      assertTrue(server.waitFor(20, TimeUnit.SECONDS));
      assertEquals(0, server.exitValue());
    } finally {
      for (Ctl c : sessions) {
        c.close();
      }
      server.destroyForcibly();
    }
  }

  @Test
  void aBusyAdminPortIsOneLineAndExitCodeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Process server = start(taken.getLocalPort(), "{\"root\": \"" + dir + "\", \"port\": 0}");
      try {
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, server.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals("clockwall-ftp: admin endpoint: cannot listen on 127.0.0.1:" + taken.getLocalPort()
            + ": Address already in use", lines.get(lines.size() - 1), err);
      } finally {
        server.destroyForcibly();
      }
    }
  }

  private Process start(int admin, String conf) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "-conf", conf);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    builder.environment().keySet().removeIf(k -> k.startsWith("FTP_") || k.startsWith("CLOCKWALL_"));
    builder.environment().put("CLOCKWALL_ADMIN_PORT", String.valueOf(admin));
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void assertGauge(int admin, int port, int expected) throws Exception {
    Pattern gauge = Pattern.compile("clockwall_ftp_sessions\\{port=\"" + port + "\"} ([0-9.]+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String last = "";
    while (System.nanoTime() < deadline) {
      Matcher m = gauge.matcher(get(admin, "/metrics").body());
      last = m.find() ? m.group(1) : "absent";
      if (last.equals(expected + ".0")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("clockwall_ftp_sessions is " + last + ", expected " + expected);
  }

  private static String awaitMetric(int admin, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = get(admin, "/metrics").body();
      if (metrics.contains(line)) {
        return metrics;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line " + line + " in\n" + metrics);
  }

  private static void awaitStatus(int admin, String path, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(admin, path);
        if (last.statusCode() == status) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + ": " + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
  }

  private static HttpResponse<String> get(int admin, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
