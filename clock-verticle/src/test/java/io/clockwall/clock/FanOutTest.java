package io.clockwall.clock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class FanOutTest {

  private static final int CLIENTS = 500;

  @Test
  void fiveHundredConcurrentClientsAllGetEveryTick(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    Clocks.deploy(vertx, new JsonObject().put("zone", "UTC")).compose(clock -> {
      List<Future<LineClient>> connecting = IntStream.range(0, CLIENTS)
        .mapToObj(i -> LineClient.connect(net, clock.actualPort())).toList();
      return Future.all(connecting)
        .compose(connected -> {
          List<LineClient> clients = connected.list();
          return Future.all(clients.stream().map(client -> client.lines(4)).toList());
        })
        .map(done -> {
          List<List<LineClient.Line>> perClient = done.list();
          perClient.forEach(LineClient::assertConsecutive);
          var late = Clocks.lateness(perClient, ZoneOffset.UTC);
          System.out.printf("%d clients x 3 ticks: lines arrived %d..%d ms (mean %.1f) after the boundary%n",
            CLIENTS, late.getMin(), late.getMax(), late.getAverage());
          assertEquals(3L * CLIENTS, late.getCount());
          assertTrue(late.getMax() < 1000, "a tick line came " + late.getMax() + " ms late: another second");
          ClockStats.Snapshot stats = clock.stats();
          assertEquals(0, stats.skippedTicks(), stats.toString());
          assertEquals(CLIENTS, stats.accepted());
          assertEquals(CLIENTS, stats.connections());
          return stats;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** clock1 served one client at a time: a second client waited for the first to leave. */
  @Test
  void aSecondClientIsNeverBlockedByTheFirst(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    List<Socket> idle = new ArrayList<>();
    Clocks.deploy(vertx, new JsonObject())
      .compose(clock -> vertx.executeBlocking(() -> {
        // First client: connected, never reads, never leaves.
        Socket first = new Socket();
        first.connect(new InetSocketAddress("127.0.0.1", clock.actualPort()));
        idle.add(first);
        return clock.actualPort();
      }))
      .compose(port -> {
        long connecting = System.currentTimeMillis();
        return LineClient.connect(net, port).compose(second -> second.lines(3)).map(lines -> {
          long firstLine = lines.get(0).arrivedMillis() - connecting;
          assertTrue(firstLine < 1000, "second client waited " + firstLine + " ms");
          LineClient.assertConsecutive(lines);
          return lines;
        });
      })
      .onComplete(ar -> idle.forEach(socket -> {
        try {
          socket.close();
        } catch (java.io.IOException ignored) {
          // closing a test socket
        }
      }))
      .onComplete(ctx.succeedingThenComplete());
  }
}
