package io.clockwall.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock jar's admin endpoint as an orchestrator and Prometheus see it: health and metrics over HTTP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminEndpointIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void connectionsHealthAndMetricsAsClientsComeAndGo() throws Exception {
    int port = ClockProcess.freePort();
    int admin = ClockProcess.freePort();
    List<Socket> clients = new ArrayList<>();
    try (ClockProcess clock = ClockProcess.start(Map.of("CLOCKWALL_ADMIN_PORT", String.valueOf(admin)),
      "-conf", "{\"port\": " + port + ", \"zone\": \"UTC\", \"maxConnections\": 60}")) {
      clock.awaitListening();
      awaitStatus(admin, "/health/live", 200);
      assertEquals(200, get(admin, "/health/ready").statusCode());
      for (int i = 0; i < 50; i++) {
        clients.add(new Socket("127.0.0.1", port));
      }
      awaitGauge(admin, port, 50);
      HttpResponse<String> ready = get(admin, "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("\"connections\":50"), ready.body());
      String metrics = get(admin, "/metrics").body();
      assertTrue(metrics.contains("clockwall_clock_accepted_total{port=\"" + port + "\",zone=\"UTC\"} 50.0"), metrics);
      assertTrue(metrics.contains("clockwall_clock_tick_fanout_seconds_bucket{"), metrics);
      assertTrue(metrics.contains("jvm_memory_used_bytes") && metrics.contains("process_cpu_usage"), metrics);
      assertTrue(!metrics.contains("vertx_net_server"), "Vert.x's TCP server meters would count wrong: off");

      for (int i = 0; i < 10; i++) {
        clients.add(new Socket("127.0.0.1", port));
      }
      awaitGauge(admin, port, 60);
      awaitStatus(admin, "/health/ready", 503);

      for (Socket s : clients) {
        s.close();
      }
      // A client's FIN is a half-close; the clock notices each is gone at its next write (within a second).
      awaitGauge(admin, port, 0);
      awaitStatus(admin, "/health/ready", 200);
      System.out.println("admin endpoint: /health/ready -> " + get(admin, "/health/ready").body());
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void aBusyAdminPortIsOneLineAndExitCodeOne() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
         ClockProcess clock = ClockProcess.start(Map.of("CLOCKWALL_ADMIN_PORT", String.valueOf(taken.getLocalPort())),
           "-conf", "{\"port\": 0}")) {
      assertEquals(1, clock.awaitExit(), clock.stderr());
      List<String> lines = clock.stderrLines();
      assertEquals("clock: admin endpoint: cannot listen on 127.0.0.1:" + taken.getLocalPort()
        + ": Address already in use", lines.get(lines.size() - 1), clock.stderr());
    }
  }

  private static void awaitGauge(int admin, int port, int expected) throws Exception {
    Pattern gauge = Pattern.compile("clockwall_clock_connections\\{port=\"" + port + "\",zone=\"UTC\"} ([0-9.]+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String last = "";
    while (System.nanoTime() < deadline) {
      Matcher m = gauge.matcher(get(admin, "/metrics").body());
      last = m.find() ? m.group(1) : "absent";
      if (last.equals(expected + ".0")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("clockwall_clock_connections is " + last + ", expected " + expected);
  }

  private static void awaitStatus(int admin, String path, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(admin, path);
        if (last.statusCode() == status) {
          return;
        }
      } catch (java.net.ConnectException e) {
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
