package io.clockwall.wall;

import io.clockwall.clock.ClockVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.clockwall.wall.WallTesting.WAIT;
import static io.clockwall.wall.WallTesting.await;
import static io.clockwall.wall.WallTesting.clock;
import static io.clockwall.wall.WallTesting.config;
import static io.clockwall.wall.WallTesting.deployWall;
import static io.clockwall.wall.WallTesting.isDataRow;
import static io.clockwall.wall.WallTesting.liveCells;
import static io.clockwall.wall.WallTesting.secondOfDay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wall against real clock servers on loopback sockets: what the user sees on stdout (plain mode). */
@ExtendWith(VertxExtension.class)
class WallVerticleTest {

  @Test
  void threeClockVerticlesInThreeZonesShowTheirLabelsAndRealOffsetsOneRowPerSecond(Vertx vertx) throws Exception {
    int utc = deployClock(vertx, "UTC");
    int kolkata = deployClock(vertx, "Asia/Kolkata");
    int tokyo = deployClock(vertx, "Asia/Tokyo");
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Tokyo", tokyo), clock("UTC", utc), clock("Kolkata", kolkata))
        .put("sort", "offset"), out);

    int header = out.awaitLine(0, "clocks: UTC +00:00 | Kolkata +05:30 | Tokyo +09:00"::equals, WAIT);
    // the first row may pair a clock's on-connect line (formatted just before a boundary) with the others' new second
    int first = out.awaitLine(header + 1, line -> liveCells(line).size() == 3, WAIT) + 1;
    List<String> rows = WallTesting.dataRows(out, first, 4);
    int previous = -1;
    for (String row : rows) {
      List<String[]> cells = liveCells(row);
      assertEquals(3, cells.size(), "every clock live in " + row);
      assertEquals(List.of("UTC", "Kolkata", "Tokyo"), cells.stream().map(c -> c[0]).toList(), row);
      int utcSecond = secondOfDay(cells.get(0)[1]);
      assertEquals(Math.floorMod(utcSecond + 5 * 3600 + 1800, 86400), secondOfDay(cells.get(1)[1]), row);
      assertEquals(Math.floorMod(utcSecond + 9 * 3600, 86400), secondOfDay(cells.get(2)[1]), row);
      if (previous >= 0) {
        assertEquals(Math.floorMod(previous + 1, 86400), utcSecond, "one row per second, no double, no gap: " + rows);
      }
      previous = utcSecond;
    }
    long nowUtc = ZonedDateTime.now(ZoneId.of("UTC")).toLocalTime().toSecondOfDay();
    long lag = Math.floorMod(nowUtc - previous, 86400);
    assertTrue(lag <= 2, "the last row shows the current time, lag " + lag + " s");
  }

  @Test
  void unalignedGoLikeClocksLandInTheSameRowEverySecond(Vertx vertx) throws Exception {
    TestClockServer early = await(TestClockServer.goLike(vertx, "UTC", 150).start());
    TestClockServer late = await(TestClockServer.goLike(vertx, "Asia/Kolkata", 700).start());
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Early", early.port()), clock("Late", late.port())), out);

    out.awaitLine(0, "clocks: Early +00:00 | Late +05:30"::equals, WAIT);
    int first = out.awaitLine(0, line -> isDataRow(line) && liveCells(line).size() == 2, WAIT);
    List<String> rows = WallTesting.dataRows(out, first + 1, 4);
    int previous = -1;
    for (String row : rows) {
      List<String[]> cells = liveCells(row);
      assertEquals(2, cells.size(), row);
      int second = secondOfDay(cells.get(0)[1]);
      assertEquals(Math.floorMod(second + 5 * 3600 + 1800, 86400), secondOfDay(cells.get(1)[1]),
          "both clocks' labels of the same second in one row: " + row);
      if (previous >= 0) {
        assertEquals(Math.floorMod(previous + 1, 86400), second, "no stutter, no double: " + rows);
      }
      previous = second;
    }
  }

  @Test
  void aClockDownAtStartComesUpLater(Vertx vertx) throws Exception {
    int port = freePort();
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Late", port)), out);
    int down = out.awaitLine(0, "Late down"::equals, WAIT);
    out.awaitLine(down + 1, "Late down"::equals, WAIT);

    TestClockServer server = await(TestClockServer.goLike(vertx, "UTC", 0).start(port));
    long up = System.nanoTime();
    out.awaitLine(down, line -> liveCells(line).size() == 1, WAIT);
    long ms = (System.nanoTime() - up) / 1_000_000;
    assertTrue(ms < 5_000 + 1_000, "live again within one backoff step (<= 5 s) plus a row, took " + ms + " ms");
    assertTrue(server.connections.get() >= 1);
  }

  @Test
  void aClockThatDiesMidRunIsMarkedDownAndIsLiveAgainSoonAfterItReturns(Vertx vertx) throws Exception {
    TestClockServer server = await(TestClockServer.goLike(vertx, "Asia/Tokyo", 0).start());
    TestClockServer other = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Tokyo", server.port()), clock("UTC", other.port())), out);
    int live = out.awaitLine(0, line -> liveCells(line).size() == 2, WAIT);

    await(server.stop());
    long died = System.nanoTime();
    int down = out.awaitLine(live, line -> line.startsWith("Tokyo down | UTC "), WAIT);
    long downMs = (System.nanoTime() - died) / 1_000_000;
    assertTrue(downMs < 2_000, "marked down within 2 s, took " + downMs + " ms");

    await(server.start(server.port()));
    long back = System.nanoTime();
    out.awaitLine(down, line -> liveCells(line).size() == 2, WAIT);
    long backMs = (System.nanoTime() - back) / 1_000_000;
    assertTrue(backMs < 5_000, "live again within 5 s, took " + backMs + " ms");
    assertFalse(out.lines().stream().anyMatch(l -> l.contains("UTC down")), "the other clock never went down");
  }

  @Test
  void aClockThatAcceptsAndNeverWritesGoesStaleThenIsReconnected(Vertx vertx) throws Exception {
    TestClockServer silent = await(TestClockServer.silent(vertx).start());
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Mute", silent.port())).put("staleAfterMs", 1500).put("hungAfterMs", 2500), out);

    int connecting = out.awaitLine(0, "Mute connecting"::equals, WAIT);
    out.awaitLine(connecting, "Mute stale"::equals, WAIT);
    await(waitFor(vertx, () -> silent.connections.get() >= 2));
    assertTrue(silent.closedByClient.get() >= 1, "the wall closed the hung connection");
  }

  @Test
  void aLiveClockThatFallsSilentKeepsItsLastLabelMarkedStale(Vertx vertx) throws Exception {
    AtomicLong stopAfter = new AtomicLong(2);
    TestClockServer server = await(TestClockServer.scripted(vertx, (s, socket) -> s.everySecondAt(0, () -> {
      if (stopAfter.getAndDecrement() > 0) {
        socket.write(ZonedDateTime.now(ZoneId.of("UTC")).format(TestClockServer.HH_MM_SS) + "\n");
      }
    })).start());
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Quiet", server.port())).put("staleAfterMs", 1000).put("hungAfterMs", 30_000), out);
    int stale = out.awaitLine(0, line -> line.matches("Quiet \\d\\d:\\d\\d:\\d\\d \\(stale\\)"), WAIT);
    assertTrue(out.lines().subList(0, stale).stream().anyMatch(l -> liveCells(l).size() == 1), "live before stale");
  }

  @Test
  void escapesGarbageOverlongLinesAndAnUnterminatedLineNeverReachTheTerminal(Vertx vertx) throws Exception {
    List<Object> script = List.of(
        "\u001b[2J\u001b[31mPWNED\u001b[0m\n",
        TestClockServer.bytes(0x00, 0xff, 0x07, 0x08, '\n'),
        "12:00:\u00e9\n",
        "\n",
        "A".repeat(200) + "\n");
    TestClockServer hostile = await(TestClockServer.scripted(vertx, (s, socket) -> {
      int connection = s.connections.get();
      if (connection == 1) {
        socket.write(ZonedDateTime.now(ZoneId.of("UTC")).format(TestClockServer.HH_MM_SS) + "\r\n");
        vertx.setTimer(300, t -> {
          for (Object o : script.subList(0, 4)) {
            write(socket, o);
          }
          socket.write("no newline at the end, then the server closes");
          vertx.setTimer(200, t2 -> socket.close());
        });
      } else if (connection == 2) {
        socket.write("B".repeat(1_000_000));
      } else {
        write(socket, script.get(4));
      }
    }).start());
    AtomicLong invalid = new AtomicLong();
    vertx.eventBus().<JsonObject>consumer(Addresses.STATE, m -> invalid.set(m.body().getLong("invalidLines")));
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, config(clock("Evil", hostile.port())).put("backoffInitialMs", 50).put("backoffMaxMs", 200),
        out);

    out.awaitLine(0, line -> liveCells(line).size() == 1, WAIT);
    out.awaitLine(0, "Evil invalid"::equals, WAIT);
    await(waitFor(vertx, () -> hostile.connections.get() >= 3 && invalid.get() >= 7));
    assertTrue(hostile.closedByClient.get() >= 1, "the wall dropped the connection with the overlong line");
    String text = out.text();
    for (char c : text.toCharArray()) {
      assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "only printable ASCII on the terminal, got 0x"
          + Integer.toHexString(c) + " in:\n" + text);
    }
    assertFalse(text.contains("PWNED") || text.contains("AAAA") || text.contains("BBBB")
        || text.contains("no newline"), text);
  }

  @Test
  void theConfigBuiltFromCommandLineArgumentsDrivesTheWall(Vertx vertx) throws Exception {
    TestClockServer server = await(TestClockServer.goLike(vertx, "America/New_York", 0).start());
    CapturedOutput out = new CapturedOutput();
    JsonObject fromArguments = io.clockwall.runtime.ServiceLauncher.verticleConfig(new WallMain(), new String[] {
        "NewYork=127.0.0.1:" + server.port(), "--sort", "name"}, java.util.Map.of());
    deployWall(vertx, fromArguments, out);
    int header = out.awaitLine(0, line -> line.startsWith("clocks: NewYork "), WAIT);
    String offset = out.line(header).substring("clocks: NewYork ".length());
    assertTrue(offset.equals("-05:00") || offset.equals("-04:00"), out.line(header));
  }

  private static void write(NetSocket socket, Object o) {
    if (o instanceof String s) {
      socket.write(io.vertx.core.buffer.Buffer.buffer(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } else {
      socket.write((io.vertx.core.buffer.Buffer) o);
    }
  }

  private static int deployClock(Vertx vertx, String zone) throws Exception {
    ClockVerticle clock = new ClockVerticle();
    await(vertx.deployVerticle(clock, new DeploymentOptions().setConfig(new JsonObject()
        .put("host", "127.0.0.1").put("port", 0).put("zone", zone))));
    return clock.actualPort();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Completes when the condition holds, checked on the event loop every 50 ms. */
  static io.vertx.core.Future<Void> waitFor(Vertx vertx, java.util.function.BooleanSupplier condition) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long start = System.currentTimeMillis();
    vertx.setPeriodic(50, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.currentTimeMillis() - start > WAIT.toMillis()) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met within " + WAIT);
      }
    });
    return done.future();
  }
}
