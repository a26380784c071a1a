package io.clockwall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the whole benchmark (in-process load client, real loopback sockets) for a few seconds
 * against small servers whose output is known, and checks that it counts what they did.
 */
@ExtendWith(VertxExtension.class)
class ClockBenchTest {

  private static final int CLIENTS = 40;
  private static final int WINDOW = 3;

  private static BenchConfig config(int port, String... extra) throws BenchConfig.BadConfig {
    String[] base = {"--target", "127.0.0.1:" + port, "--in-process", "--clients", Integer.toString(CLIENTS),
      "--window", Integer.toString(WINDOW), "--settle", "0", "--warmup", "0", "--connect-timeout", "10"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return BenchConfig.parse(all);
  }

  @Test
  void aCorrectClockPassesWithEveryLabelCounted(Vertx vertx, VertxTestContext ctx) {
    TickingServer server = new TickingServer(0, 0);
    vertx.deployVerticle(server)
      .compose(id -> vertx.executeBlocking(() -> ClockBench.run(config(server.port(), "--check"))))
      .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
        JsonObject run = report.getJsonArray("runs").getJsonObject(0);
        JsonObject c = run.getJsonObject("client");
        assertTrue(report.getBoolean("ok"), () -> run.getJsonObject("verdict").encode());
        assertEquals(CLIENTS, c.getLong("connected"));
        assertEquals(0, c.getLong("skippedLabels"));
        assertEquals(0, c.getLong("duplicateLabels"));
        assertEquals(0, c.getLong("malformedLines"));
        assertEquals(0, c.getLong("closedInWindow") + c.getLong("closedBeforeWindow"));
        assertEquals((long) CLIENTS * WINDOW, c.getLong("lines"), "one label per second per client");
        assertEquals(CLIENTS, run.getLong("heldAtEnd"));
        assertEquals((long) CLIENTS * WINDOW, c.getJsonObject("labelError").getLong("n"));
        String table = Report.table(java.util.List.of(run));
        assertTrue(table.contains("PASS"), table);
        ctx.completeNow();
      })));
  }

  @Test
  void skippedAndMalformedLabelsAreCountedAndFailTheCheck(Vertx vertx, VertxTestContext ctx) {
    TickingServer server = new TickingServer(2, 3);   // tick 2 skipped, tick 3 malformed, ...
    vertx.deployVerticle(server)
      .compose(id -> vertx.executeBlocking(() -> ClockBench.run(config(server.port(), "--window", "4"))))
      .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
        JsonObject run = report.getJsonArray("runs").getJsonObject(0);
        JsonObject c = run.getJsonObject("client");
        assertFalse(report.getBoolean("ok"));
        assertTrue(c.getLong("skippedLabels") >= CLIENTS, c::encodePrettily);
        assertTrue(c.getLong("malformedLines") >= CLIENTS, c::encodePrettily);
        assertEquals(CLIENTS, c.getLong("connsWithSkips"));
        assertTrue(Report.table(java.util.List.of(run)).contains("FAIL: "));
        ctx.completeNow();
      })));
  }

  @Test
  void aTickServedLateIsNamedWithEachLoadClientsShare(Vertx vertx, VertxTestContext ctx) {
    TickingServer server = new TickingServer(0, 0, 4);   // one tick in four 300 ms late: one of the window's four
    vertx.deployVerticle(server)
      .compose(id -> vertx.executeBlocking(() -> ClockBench.run(config(server.port(), "--window", "4"))))
      .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
        JsonObject run = report.getJsonArray("runs").getJsonObject(0);
        JsonObject ticks = run.getJsonObject("client").getJsonObject("ticks");
        assertTrue(report.getBoolean("ok"), () -> run.getJsonObject("verdict").encode());
        assertEquals(4, ticks.getLong("ticks"), ticks::encodePrettily);
        assertEquals(1, ticks.getLong("lateCount"), ticks::encodePrettily);
        JsonObject late = ticks.getJsonArray("late").getJsonObject(0);
        double lateBy = late.getDouble("meanMs") - ticks.getDouble("medianMeanMs");
        assertTrue(lateBy > TickingServer.LATE_MS - 50 && lateBy < TickingServer.LATE_MS + 100, ticks::encodePrettily);
        assertEquals(ticks.getString("slowestLabel"), late.getString("label"));
        assertEquals(1, late.getJsonArray("perClientMeanMs").size(), "one in-process load client");
        String table = Report.table(java.util.List.of(run));
        assertTrue(table.contains("target: late tick " + late.getString("label") + ": mean "), table);
        assertTrue(table.contains("1/4"), table);
        ctx.completeNow();
      })));
  }

  @Test
  void theNaivePortServesWellFormedLabels(Vertx vertx, VertxTestContext ctx) {
    NaiveClock naive = new NaiveClock("127.0.0.1", 0);
    vertx.deployVerticle(naive)
      .compose(id -> vertx.executeBlocking(() -> ClockBench.run(config(naive.actualPort(), "--flood", "5"))))
      .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
        JsonObject c = report.getJsonArray("runs").getJsonObject(0).getJsonObject("client");
        assertEquals(CLIENTS + 5, c.getLong("connected"));
        assertEquals(0, c.getLong("malformedLines"));
        assertEquals(0, c.getLong("closedInWindow") + c.getLong("closedBeforeWindow"));
        assertTrue(c.getLong("lines") >= (long) (CLIENTS + 5) * (WINDOW - 1), c::encodePrettily);
        assertTrue(c.getLong("floodBytes") > 0);
        ctx.completeNow();
      })));
  }
}
