package io.clockwall.clock;

import io.netty.channel.uring.IoUring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.transport.Transport;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clock on io_uring, where ticks go to the sockets as ring entries of their own ({@link RingWriter}): every
 * client gets whole lines in order, whatever the kernel answers (all taken, part taken, no room, reset).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RingWriterTest {

  private Vertx vertx;

  @BeforeEach
  void ioUring() {
    assumeTrue(IoUring.isAvailable(), () -> "io_uring unavailable here: " + IoUring.unavailabilityCause());
    vertx = Vertx.builder().withTransport(Transport.IO_URING).build();
  }

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyClientGetsItsTicksStraightFromTheRing(VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    // The clients connect just after a tick (the probe's second line), so that each first line, which goes
    // through the channel, has long left it when the next tick comes.
    Clocks.deploy(vertx, new JsonObject()).compose(clock -> LineClient.connect(net, clock.actualPort())
        .compose(probe -> probe.lines(2))
        .compose(tick -> Future.all(IntStream.range(0, 200)
          .mapToObj(i -> LineClient.connect(net, clock.actualPort())).toList()))
          .compose(all -> Future.all(all.<LineClient>list().stream().map(client -> client.lines(3)).toList()))
          .map(lines -> {
            lines.<List<LineClient.Line>>list().forEach(LineClient::assertConsecutive);
            ClockStats.Snapshot stats = clock.stats();
            System.out.printf("ring: %s%n", stats);
            assertEquals(0, stats.skippedTicks(), stats.toString());
            // Netty's write leaves each line queued in the channel until its completion (105 bytes at most with
            // the ring path switched off); the ring's sends queue nothing in the server.
            assertEquals(0, stats.maxPendingBytes(), "every tick went to the ring: " + stats);
            return stats;
          }))
      .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A 2 MB line: the ring's send takes what fits in the socket (a partial send) and the channel queues the rest, so
   * a client that never reads is closed after its skips, bounded in the server as on the channel's write alone.
   */
  @Test
  void aNeverReadingClientOfHugeLinesIsClosedWhileOthersGetWholeLines(VertxTestContext ctx) {
    int filler = 2_000_000;
    long pendingBound = 8192 + 8 + filler + 1;
    NetClient net = vertx.createNetClient();
    JsonObject conf = new JsonObject().put("format", "HH:mm:ss'" + "x".repeat(filler) + "'")
      .put("writeQueueBytes", 8192).put("maxSkippedTicks", 3);
    Socket[] slow = new Socket[1];
    Clocks.deploy(vertx, conf).compose(clock -> vertx.executeBlocking(() -> {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", clock.actualPort()));
        slow[0] = socket;
        return clock;
      }))
      .compose(clock -> LineClient.connect(net, clock.actualPort())
        .compose(reader -> Clocks.eventually(vertx, () -> clock.stats().slowClientsClosed() == 1)
          .compose(v -> reader.lines(reader.received().size() + 2)))
        .map(lines -> {
          LineClient.assertConsecutive(lines);
          lines.forEach(line -> assertEquals(8 + filler, line.text().length()));
          ClockStats.Snapshot stats = clock.stats();
          System.out.printf("ring, never-reader of %d-byte lines: %s%n", filler + 9, stats);
          assertTrue(stats.skippedTicks() >= 3, stats.toString());
          assertTrue(stats.maxPendingBytes() <= pendingBound, stats.toString());
          return clock;
        })
        .compose(v -> vertx.executeBlocking(() -> Clocks.drainToEof(slow[0])))
        .compose(received -> {
          System.out.printf("the never-reader read %d bytes, then EOF%n", received);
          return Clocks.eventually(vertx, () -> clock.stats().connections() == 1);
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  /** Clients that reset their connections between and during ticks leave; a bystander's ticks go on. */
  @Test
  void resetsDuringTicksLeaveTheOthersTicking(VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Clocks.deploy(vertx, new JsonObject()).compose(clock -> LineClient.connect(net, clock.actualPort())
        .compose(bystander -> vertx.executeBlocking(() -> {
            List<Socket> sockets = new ArrayList<>();
            for (int round = 0; round < 30; round++) {
              for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("127.0.0.1", clock.actualPort());
                socket.setSoLinger(true, 0);
                sockets.add(socket);
              }
              Thread.sleep(97); // so that resets land at every point of a second
              for (Socket socket : sockets) {
                socket.close();
              }
              sockets.clear();
            }
            return null;
          })
          .compose(v -> Clocks.eventually(vertx, () -> clock.stats().connections() == 1))
          .compose(v -> bystander.lines(bystander.received().size() + 2)))
        .map(lines -> {
          LineClient.assertConsecutive(lines);
          System.out.printf("ring, 1,500 resets: %s%n", clock.stats());
          return lines;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void undeployClosesEveryClient(VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Clocks.deploy(vertx, new JsonObject()).compose(clock ->
        Future.all(IntStream.range(0, 50).mapToObj(i -> LineClient.connect(net, clock.actualPort())).toList())
          .compose(all -> Future.all(all.<LineClient>list().stream().map(client -> client.lines(2)).toList())
            .compose(v -> vertx.undeploy(clock.deploymentID()))
            .compose(v -> Future.all(all.<LineClient>list().stream().map(LineClient::closed).toList()))))
      .onComplete(ctx.succeedingThenComplete());
  }
}
