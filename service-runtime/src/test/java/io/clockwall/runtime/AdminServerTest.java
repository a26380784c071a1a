package io.clockwall.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin endpoint against peers that hold connections: opened and left silent, or with a request never finished.
 * They may hold no more than the endpoint's share of the process's file descriptors, and not for long; and one
 * address may not hold them all.
 */
@ExtendWith(VertxExtension.class)
class AdminServerTest {

  private static final String SCRAPE = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  @Test
  void connectionsPastTheLimitAreClosedAtOnce(Vertx vertx) throws Exception {
    int port = start(vertx, new ConnectionLimits(4, 4), 30); // an idle timeout far beyond the test's reads
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(new Socket("127.0.0.1", port));
      }
      try (Socket fifth = new Socket("127.0.0.1", port)) {
        fifth.setSoTimeout(5000);
        assertEquals(-1, fifth.getInputStream().read(), "a fifth connection is closed at once");
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    assertTrue(scrapeWhenFree(port).startsWith("HTTP/1.1 200 OK"), "closed ones give their place back");
  }

  @Test
  void silentConnectionsAreClosedAtTheIdleTimeout(Vertx vertx) throws Exception {
    int port = start(vertx, new ConnectionLimits(4, 4), 1);
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(new Socket("127.0.0.1", port));
      }
      for (Socket s : held) {
        s.setSoTimeout(5000);
        assertEquals(-1, s.getInputStream().read(), "a silent connection is closed at the idle timeout");
      }
      assertTrue(scrapeWhenFree(port).startsWith("HTTP/1.1 200 OK"), "and the scraper gets in again");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aHalfSentRequestIsCutAtTheIdleTimeout(Vertx vertx) throws Exception {
    int port = start(vertx, new ConnectionLimits(4, 4), 1);
    try (Socket slow = new Socket("127.0.0.1", port)) {
      slow.setSoTimeout(5000);
      slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(-1, slow.getInputStream().read(), "the connection of a request never finished is closed");
    }
    assertTrue(scrape(port).startsWith("HTTP/1.1 200 OK"), "a whole request is still answered");
  }

  @Test
  void oneAddressCannotTakeEveryConnection(Vertx vertx) throws Exception {
    int port = start(vertx, new ConnectionLimits(8, 2), 30);
    try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port);
         Socket c = new Socket("127.0.0.1", port)) {
      c.setSoTimeout(5000);
      assertEquals(-1, c.getInputStream().read(), "a third connection from 127.0.0.1 is closed at once");
      assertTrue(scrape("127.0.0.2", port).startsWith("HTTP/1.1 200 OK"), "the scraper, from elsewhere, gets in");
    }
  }

  private static int start(Vertx vertx, ConnectionLimits limits, int idleSeconds) throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return AdminServer.start(vertx, new AdminOptions("127.0.0.1", 0), AdminRegistry.of(vertx), prometheus,
        limits, idleSeconds).await(10, TimeUnit.SECONDS).actualPort();
  }

  private static String scrape(int port) throws IOException {
    return scrape("127.0.0.1", port);
  }

  /**
   * A scrape, retried for up to 5 s while the server closes it unanswered: a connection's place is given back once
   * the server has seen it close, which may come after the peer has seen it closed.
   */
  private static String scrapeWhenFree(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String answer;
    while ((answer = scrape(port)).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return answer;
  }

  private static String scrape(String from, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(SCRAPE.getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
