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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ConnectionLimitTest {

  @Test
  void overTheLimitNewConnectionsAreClosedAtOnceAndCounted(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Clocks.deploy(vertx, new JsonObject().put("maxConnections", 3)).compose(clock -> {
      int port = clock.actualPort();
      return Future.all(List.of(LineClient.connect(net, port), LineClient.connect(net, port),
          LineClient.connect(net, port)))
        .compose(three -> Future.all(three.<LineClient>list().stream().map(c -> c.lines(1)).toList()).map(three))
        .compose(three -> {
          long connecting = System.currentTimeMillis();
          return LineClient.connect(net, port)
            .compose(fourth -> fourth.closed().map(v -> {
              long eofAfter = System.currentTimeMillis() - connecting;
              System.out.printf("4th connection over maxConnections=3: EOF after %d ms%n", eofAfter);
              assertTrue(eofAfter < 1000, "EOF after " + eofAfter + " ms");
              assertTrue(fourth.received().isEmpty(), "a refused client gets no line: " + fourth.received());
              ClockStats.Snapshot stats = clock.stats();
              assertEquals(1, stats.refused(), stats.toString());
              assertEquals(3, stats.connections(), stats.toString());
              return three.<LineClient>resultAt(0);
            }));
        })
        // A client leaving frees its slot.
        .compose(first -> first.close())
        .compose(v -> Clocks.eventually(vertx, () -> clock.stats().connections() == 2))
        .compose(v -> LineClient.connect(net, port))
        .compose(fifth -> fifth.lines(1))
        .map(lines -> {
          ClockStats.Snapshot stats = clock.stats();
          assertEquals(4, stats.accepted(), stats.toString());
          assertEquals(1, stats.refused(), stats.toString());
          return stats;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theLimitIsSharedByInstancesServingOnePort(Vertx vertx, VertxTestContext ctx) throws Exception {
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    NetClient net = vertx.createNetClient();
    JsonObject conf = new JsonObject().put("maxConnections", 2).put("port", port).put("host", "127.0.0.1");
    Future.all(Clocks.deploy(vertx, conf), Clocks.deploy(vertx, conf))
      .compose(two -> Future.all(List.of(LineClient.connect(net, port), LineClient.connect(net, port),
        LineClient.connect(net, port), LineClient.connect(net, port))))
      .compose(four -> Future.join(four.<LineClient>list().stream()
          .map(client -> Future.any(client.lines(2), client.closed())).toList())
        .map(done -> four.<LineClient>list()))
      .onComplete(ctx.succeeding(clients -> ctx.verify(() -> {
        long served = clients.stream().filter(client -> client.received().size() >= 2).count();
        assertEquals(2, served, "two clocks on one port serve maxConnections=2 clients in all");
        ctx.completeNow();
      })));
  }
}
