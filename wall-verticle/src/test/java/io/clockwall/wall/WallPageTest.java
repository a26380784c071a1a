package io.clockwall.wall;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.clockwall.wall.WallTesting.await;
import static io.clockwall.wall.WallTesting.clock;
import static io.clockwall.wall.WallTesting.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live page over real HTTP: the assets from the jar's class path, the SSE stream, a viewer that never reads. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WallPageTest {

  private static WallVerticle deploy(Vertx vertx, JsonObject config) throws Exception {
    WallVerticle wall = new WallVerticle(new CapturedOutput(), false, true);
    await(vertx.deployVerticle(wall, new DeploymentOptions().setConfig(
        config.put("web", new JsonObject().put("port", 0)))));
    return wall;
  }

  /** Status, content type and body of a GET, the body read on the event loop as the response arrives. */
  private static String[] get(HttpClient http, int port, String path) throws Exception {
    return await(http.request(HttpMethod.GET, port, "127.0.0.1", path).compose(req -> req.send())
        .compose(r -> r.body().map(b -> new String[] {Integer.toString(r.statusCode()),
            String.valueOf(r.getHeader("Content-Type")), b.toString()})));
  }

  /** Reads the {@code data:} lines of an SSE stream into {@code events}. */
  private static void follow(HttpClientResponse response, List<JsonObject> events) {
    StringBuilder pending = new StringBuilder();
    response.handler(chunk -> {
      pending.append(chunk.toString(StandardCharsets.UTF_8));
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String event = pending.substring(0, end);
        pending.delete(0, end + 2);
        for (String line : event.split("\n")) {
          if (line.startsWith("data: ")) {
            events.add(new JsonObject(line.substring(6)));
          }
        }
      }
    });
  }

  @Test
  void thePageAndItsAssetsComeFromTheJarAndTheStreamSendsOneAdvancingRowASecond(Vertx vertx) throws Exception {
    TestClockServer utc = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    TestClockServer tokyo = await(TestClockServer.goLike(vertx, "Asia/Tokyo", 0).start());
    WallVerticle wall = deploy(vertx, config(clock("UTC", utc.port()), clock("Tokyo", tokyo.port())));
    int port = wall.page().port();
    HttpClient http = vertx.createHttpClient();
    for (String[] asset : new String[][] {{"/", "text/html"}, {"/wall.css", "text/css"},
        {"/wall.js", "javascript"}}) {
      String[] r = get(http, port, asset[0]);
      String body = r[2];
      assertEquals("200", r[0], asset[0]);
      assertTrue(r[1].contains(asset[1]), asset[0] + ": " + r[1]);
      assertTrue(!body.contains("http://") && !body.contains("https://"), "no asset from elsewhere: " + asset[0]);
      if (asset[0].equals("/wall.js")) {
        assertTrue(body.contains("new EventSource(") && !body.contains("innerHTML"), "textContent only");
      }
    }

    List<JsonObject> events = new CopyOnWriteArrayList<>();
    HttpClientResponse stream = await(http.request(HttpMethod.GET, port, "127.0.0.1", "/events")
        .compose(req -> req.send()));
    assertEquals(200, stream.statusCode());
    assertTrue(stream.getHeader("Content-Type").startsWith("text/event-stream"), stream.getHeader("Content-Type"));
    follow(stream, events);
    long deadline = System.currentTimeMillis() + 10_000;
    // three: the first live row may carry the labels sent on connect, which have no lateness (not ticks)
    while (events.stream().filter(WallPageTest::bothLive).count() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    List<JsonObject> live = events.stream().filter(WallPageTest::bothLive).toList();
    assertTrue(live.size() >= 3, "three rows with both clocks live: " + events);
    JsonObject a = live.get(live.size() - 2);
    JsonObject b = live.get(live.size() - 1);
    assertEquals(Instant.parse(a.getString("time")).plusSeconds(1), Instant.parse(b.getString("time")),
        "one event a second, advancing: " + a + " " + b);
    for (JsonObject row : List.of(a, b)) {
      JsonArray clocks = row.getJsonArray("clocks");
      LocalTime u = LocalTime.parse(clocks.getJsonObject(0).getString("label"));
      LocalTime t = LocalTime.parse(clocks.getJsonObject(1).getString("label"));
      assertEquals(u.plusHours(9), t, "the right zones: " + row);
      assertEquals("+09:00", clocks.getJsonObject(1).getString("offset"));
      assertTrue(clocks.getJsonObject(0).getLong("lateMs") != null, row.encode());
    }
    assertEquals(1, wall.page().viewers());
    String last = get(http, port, "/row")[2];
    assertEquals("Tokyo", new JsonObject(last).getJsonArray("clocks").getJsonObject(1).getString("name"));
    stream.request().connection().close();
    deadline = System.currentTimeMillis() + 5_000;
    while (wall.page().viewers() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, wall.page().viewers(), "a viewer gone is forgotten");
  }

  private static boolean bothLive(JsonObject row) {
    return row.getJsonArray("clocks").stream().allMatch(c -> "live".equals(((JsonObject) c).getString("state")));
  }

  @Test
  void aViewerThatNeverReadsIsDroppedWithinBoundedBytesWhileOthersKeepUp(Vertx vertx) throws Exception {
    // forty clocks that are down: rows of about 10 KB a second, so buffers fill within seconds
    JsonArray clocks = new JsonArray();
    int down = WallVerticleTest.freePort();
    for (int i = 0; i < 40; i++) {
      clocks.add(clock(("Clock" + i + "_").repeat(6).substring(0, 32), down));
    }
    WallVerticle wall = deploy(vertx, new JsonObject().put("clocks", clocks));
    int port = wall.page().port();
    List<JsonObject> honest = new CopyOnWriteArrayList<>();
    HttpClient http = vertx.createHttpClient();
    follow(await(http.request(HttpMethod.GET, port, "127.0.0.1", "/events").compose(r -> r.send())), honest);

    try (Socket stuck = new Socket()) {
      stuck.setReceiveBufferSize(1024);
      stuck.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = stuck.getOutputStream();
      out.write("GET /events HTTP/1.1\r\nHost: wall\r\nAccept: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.currentTimeMillis();
      while (wall.page().viewers() < 2 && System.currentTimeMillis() - start < 5_000) {
        Thread.sleep(20);
      }
      assertEquals(2, wall.page().viewers());
      while (wall.page().dropped() == 0 && System.currentTimeMillis() - start < 40_000) {
        Thread.sleep(100);
      }
      long took = System.currentTimeMillis() - start;
      assertEquals(1, wall.page().dropped(), "the viewer that never reads is dropped");
      assertEquals(1, wall.page().viewers(), "the honest viewer stays");
      // what it can still read is what the kernel had buffered: bounded, and then the end of the stream
      InputStream in = stuck.getInputStream();
      stuck.setSoTimeout(5_000);
      long bytes = 0;
      byte[] buffer = new byte[8192];
      int n;
      try {
        while ((n = in.read(buffer)) >= 0) {
          bytes += n;
        }
      } catch (java.net.SocketException reset) {
        // closed with a reset: what was buffered may be discarded
      }
      System.out.printf("slow viewer: dropped after %d ms, %d bytes were still buffered for it%n", took, bytes);
      assertTrue(bytes < 512 * 1024, "bounded: " + bytes);
    }
    int before = honest.size();
    Thread.sleep(2_100);
    assertTrue(honest.size() >= before + 2, "the other viewer still gets a row a second: " + honest.size());
    List<Instant> times = honest.stream().map(r -> Instant.parse(r.getString("time"))).toList();
    for (int i = 1; i < times.size(); i++) {
      assertTrue(times.get(i).isAfter(times.get(i - 1)), "in order, no double: " + times);
    }
  }

  /** Reads up to and including the next {@code \n} (without it), or null at the end of the stream. */
  private static String line(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.append((char) b);
    }
    return b < 0 && line.length() == 0 ? null : line.toString();
  }

  @Test
  void aConnectionSilentForTheIdleTimeoutIsClosedAndAViewerOfTheStreamIsNot(Vertx vertx) throws Exception {
    TestClockServer utc = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    WallVerticle wall = new WallVerticle(new CapturedOutput(), false, true);
    await(vertx.deployVerticle(wall, new DeploymentOptions().setConfig(config(clock("UTC", utc.port()))
        .put("web", new JsonObject().put("port", 0).put("idleTimeoutSeconds", 1)))));
    int port = wall.page().port();
    try (Socket viewer = new Socket("127.0.0.1", port);
         Socket silent = new Socket("127.0.0.1", port);
         Socket halfway = new Socket("127.0.0.1", port);
         Socket answered = new Socket("127.0.0.1", port)) {
      long start = System.currentTimeMillis();
      viewer.getOutputStream().write("GET /events HTTP/1.1\r\nHost: wall\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      halfway.getOutputStream().write("GET /row HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      answered.getOutputStream().write("GET /row HTTP/1.1\r\nHost: wall\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      for (Socket s : List.of(silent, halfway, answered)) {
        s.setSoTimeout(5_000);
        String read = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII); // until closed
        assertTrue(s == answered ? read.startsWith("HTTP/1.1 200 OK") : read.isEmpty(), read);
      }
      long closed = System.currentTimeMillis() - start;
      assertTrue(closed >= 900 && closed < 4_000, "closed after the 1 s idle timeout, not before: " + closed + " ms");

      viewer.setSoTimeout(5_000);
      InputStream in = viewer.getInputStream();
      long id = 0;
      while (id < start / 1000 + 3) {   // an event from three idle timeouts after its request
        String l = line(in);
        assertTrue(l != null, "the stream goes on past the idle timeout");
        id = l.startsWith("id: ") ? Long.parseLong(l.substring(4)) : id;
      }
      assertEquals(1, wall.page().viewers());
    }
  }

  @Test
  void oneAddressHoldsAtMostItsShareOfConnectionsAndEveryViewerGivesItsPlaceBack(Vertx vertx) throws Exception {
    TestClockServer utc = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    WallVerticle wall = deploy(vertx, config(clock("UTC", utc.port())));
    int port = wall.page().port();
    // more viewers than one address may hold, one after the other: each gives its place back when it goes, though
    // its connection left Vert.x's HTTP handlers (and their close handler) behind
    for (int i = 0; i < WallPage.MAX_PER_ADDRESS + 8; i++) {
      try (Socket viewer = new Socket("127.0.0.1", port)) {
        viewer.setSoTimeout(5_000);
        viewer.getOutputStream().write("GET /events HTTP/1.1\r\nHost: wall\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 200 OK", String.valueOf(line(viewer.getInputStream())).strip(), "viewer " + i);
      }
      long deadline = System.currentTimeMillis() + 5_000;
      while (wall.page().viewers() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
    }
    List<Socket> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < WallPage.MAX_PER_ADDRESS; i++) {
        held.add(new Socket("127.0.0.1", port));
      }
      try (Socket over = new Socket("127.0.0.1", port)) {
        over.setSoTimeout(5_000);
        assertEquals(-1, over.getInputStream().read(), "one more from the same address is closed at once");
      }
      assertTrue(get("127.0.0.2", port).startsWith("HTTP/1.1 200 OK"), "another address is served");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** The raw answer to {@code GET /row} from {@code from}, read until the server closes. */
  private static String get(String from, int port) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write("GET /row HTTP/1.1\r\nHost: wall\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theStreamEndsWithItsConnectionAndNothingAViewerSendsOrDoesReachesTheOthers(Vertx vertx) throws Exception {
    TestClockServer utc = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    WallVerticle wall = new WallVerticle(new CapturedOutput(), false, true);
    String id = await(vertx.deployVerticle(wall, new DeploymentOptions().setConfig(
        config(clock("UTC", utc.port())).put("web", new JsonObject().put("port", 0)))));
    int port = wall.page().port();
    List<JsonObject> honest = new CopyOnWriteArrayList<>();
    follow(await(vertx.createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", "/events")
        .compose(r -> r.send())), honest);

    try (Socket viewer = new Socket("127.0.0.1", port)) {
      viewer.setSoTimeout(5_000);
      OutputStream out = viewer.getOutputStream();
      // a request for the stream, a pipelined one behind it, then 64 KiB of junk: only the stream is answered
      out.write(("GET /events HTTP/1.1\r\nHost: wall\r\n\r\nGET /row HTTP/1.1\r\nHost: wall\r\n\r\n"
          + "x".repeat(64 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = viewer.getInputStream();
      List<String> head = new java.util.ArrayList<>();
      for (String l = line(in); l != null && !l.equals("\r"); l = line(in)) {
        head.add(l.strip());
      }
      assertEquals("HTTP/1.1 200 OK", head.get(0), head.toString());
      assertTrue(head.contains("Content-Type: text/event-stream; charset=utf-8"), head.toString());
      assertTrue(head.contains("Connection: close"), "the body ends with the connection: " + head);
      assertTrue(head.stream().noneMatch(h -> h.startsWith("Transfer-Encoding") || h.startsWith("Content-Length")),
          head.toString());
      assertEquals("retry: 1000", line(in));
      List<Long> ids = new java.util.ArrayList<>();
      while (ids.size() < 3) {
        String l = line(in);
        assertTrue(l != null && !l.startsWith("HTTP/"), "events only, the pipelined request unanswered: " + l);
        if (l.startsWith("id: ")) {
          ids.add(Long.parseLong(l.substring(4)));
        } else {
          assertTrue(l.isEmpty() || l.startsWith("data: {\"time\":"), l);
        }
      }
      assertTrue(ids.get(2) - ids.get(1) == 1, "a second apart: " + ids);

      // viewers that reset at once, or half-close, or vanish before the answer: forgotten, quietly
      for (int i = 0; i < 30; i++) {
        try (Socket gone = new Socket("127.0.0.1", port)) {
          gone.getOutputStream().write("GET /events HTTP/1.1\r\nHost: wall\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          switch (i % 3) {
            case 0 -> gone.setSoLinger(true, 0);
            case 1 -> gone.shutdownOutput();
            default -> { }
          }
        }
      }
      long deadline = System.currentTimeMillis() + 5_000;
      while (wall.page().viewers() != 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(2, wall.page().viewers(), "the honest viewer and the raw one stay, the others are forgotten");
      assertEquals(0, wall.page().dropped());
      int before = honest.size();
      Thread.sleep(2_100);
      assertTrue(honest.size() >= before + 2, "the honest viewer still gets a row a second: " + honest.size());

      // the wall stops: the stream ends
      await(vertx.undeploy(id));
      long stopped = System.currentTimeMillis();
      while (line(in) != null) {
        assertTrue(System.currentTimeMillis() - stopped < 3_000, "the stream ends when the wall stops");
      }
    }
  }
}
