package io.clockwall.clock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ClockVerticleTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

  @Test
  void sendsTheTimeAtOnceThenOneAlignedLinePerSecond(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    long[] connectedAt = new long[1];
    Clocks.deploy(vertx, new JsonObject().put("zone", "UTC"))
      .compose(clock -> {
        connectedAt[0] = System.currentTimeMillis();
        return LineClient.connect(net, clock.actualPort());
      })
      .compose(client -> client.lines(4))
      .onComplete(ctx.succeeding(lines -> ctx.verify(() -> {
        lines.forEach(line -> assertTrue(Clocks.CLOCK2_LINE.matcher(line.text()).matches(), line.text()));
        // The line sent on connect names the last second ticked: a client arriving between a boundary and the
        // tick (20 us later; 233 ms once in CI, the first tick of a JVM just started while a build loaded both
        // cores) gets the previous second, so that its next line is exactly one second later: the current second
        // or the one before. Every tick line names the second that has just begun, never one still to come (a line
        // arriving before its second would be almost a day late by lateMillis).
        assertTrue(lines.get(0).lateMillis(UTC) < 2000, lines.get(0) + " is neither this second nor the last");
        lines.subList(1, lines.size())
          .forEach(line -> assertTrue(line.lateMillis(UTC) < 1000, line + " is not the current UTC time"));
        LineClient.assertConsecutive(lines);
        long atOnce = lines.get(0).arrivedMillis() - connectedAt[0];
        var late = Clocks.lateness(List.of(lines), UTC);
        System.out.printf("first line %d ms after connecting; ticks %d..%d ms after the boundary%n",
          atOnce, late.getMin(), late.getMax());
        assertTrue(atOnce < 1000, "first line came " + atOnce + " ms after connecting");
        assertTrue(late.getMax() < 200, "ticks came up to " + late.getMax() + " ms after the boundary");
        ctx.completeNow();
      })));
  }

  @Test
  void zonesDifferByTheirRealOffsetIncludingTheTzFallback(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Future<List<LineClient.Line>> utc = Clocks.deploy(vertx, new JsonObject().put("zone", "UTC"))
      .compose(clock -> LineClient.connect(net, clock.actualPort())).compose(client -> client.lines(3));
    Future<List<LineClient.Line>> kolkata = Clocks.deploy(vertx, new JsonObject().put("zone", "Asia/Kolkata"))
      .compose(clock -> LineClient.connect(net, clock.actualPort())).compose(client -> client.lines(3));
    Future<List<LineClient.Line>> viaTz = Clocks.deploy(vertx, new JsonObject(), Map.of("TZ", "Asia/Kolkata"))
      .compose(clock -> {
        assertEquals(KOLKATA, clock.clockConfig().zone());
        return LineClient.connect(net, clock.actualPort());
      })
      .compose(client -> client.lines(3));
    Future.all(utc, kolkata, viaTz).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      for (List<LineClient.Line> lines : List.of(kolkata.result(), viaTz.result())) {
        lines.forEach(line -> assertTrue(line.lateMillis(KOLKATA) < 1000, line + " is not the time in Kolkata"));
        List<LocalTime> shifted = lines.stream().map(line -> line.time().minusHours(5).minusMinutes(30)).toList();
        List<LocalTime> utcTimes = utc.result().stream().map(LineClient.Line::time).toList();
        assertTrue(shifted.stream().anyMatch(utcTimes::contains),
          "the same tick reads 5:30 apart: " + lines + " vs " + utc.result());
      }
      utc.result().forEach(line -> assertTrue(line.lateMillis(UTC) < 1000, line + " is not the UTC time"));
      ctx.completeNow();
    })));
  }

  @Test
  void undeployClosesEveryConnectionPromptly(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Clocks.deploy(vertx, new JsonObject()).compose(clock -> {
      int port = clock.actualPort();
      return Future.all(List.of(LineClient.connect(net, port), LineClient.connect(net, port),
          LineClient.connect(net, port)))
        .compose(all -> {
          List<LineClient> clients = all.list();
          return Future.all(clients.stream().map(client -> client.lines(1)).toList()).map(clients);
        })
        .compose(clients -> {
          long undeploying = System.currentTimeMillis();
          return vertx.undeploy(clock.deploymentID())
            .compose(v -> Future.all(clients.stream().map(LineClient::closed).toList()))
            .map(v -> System.currentTimeMillis() - undeploying);
        })
        .compose(millis -> LineClient.connect(net, port).transform(ar -> Future.succeededFuture(ar.failed()))
          .map(refused -> {
            assertTrue(refused, "the port is closed after undeploy");
            return millis;
          }));
    }).onComplete(ctx.succeeding(millis -> ctx.verify(() -> {
      System.out.printf("undeploy: every client saw EOF within %d ms%n", millis);
      assertTrue(millis < 2000, "clients closed after " + millis + " ms");
      ctx.completeNow();
    })));
  }

  @Test
  void countersAreOnTheEventBus(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Clocks.deploy(vertx, new JsonObject())
      .compose(clock -> LineClient.connect(net, clock.actualPort())
        .compose(client -> client.lines(2))
        .compose(lines -> vertx.eventBus().<JsonObject>request(ClockVerticle.STATS_ADDRESS + "." + clock.actualPort(), null))
        .map(reply -> {
          JsonObject stats = reply.body();
          assertEquals(clock.actualPort(), stats.getInteger("port"));
          assertEquals(1, stats.getInteger("connections"));
          assertEquals(1, stats.getLong("accepted"));
          assertEquals(0, stats.getLong("refused"));
          assertTrue(stats.getLong("ticks") >= 1, stats.encode());
          assertEquals(0, stats.getLong("skippedTicks"));
          assertEquals(clock.stats().toJson().getLong("accepted"), stats.getLong("accepted"));
          return stats;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aPortInUseFailsTheDeploymentWithOneLine(Vertx vertx, VertxTestContext ctx) throws Exception {
    java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
    int port = taken.getLocalPort();
    Clocks.deploy(vertx, new JsonObject().put("host", "127.0.0.1").put("port", port))
      .onComplete(ar -> {
        try {
          taken.close();
        } catch (java.io.IOException e) {
          ctx.failNow(e);
        }
      })
      .onComplete(ctx.failing(e -> ctx.verify(() -> {
        assertTrue(e instanceof ClockStartException, e.toString());
        assertEquals("cannot listen on 127.0.0.1:" + port + ": Address already in use", e.getMessage());
        ctx.completeNow();
      })));
  }
}
