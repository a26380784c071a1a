package io.clockwall.clock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SlowClientTest {

  /**
   * A 2 MB line fills the kernel's socket buffers (up to 4 MB here) within a couple of ticks; a 9-byte line would
   * take days.
   */
  private static final int FILLER = 2_000_000;
  private static final String HUGE_FORMAT = "HH:mm:ss'" + "x".repeat(FILLER) + "'";
  private static final int HUGE_LINE = 8 + FILLER + 1;
  private static final int WRITE_QUEUE_BYTES = 8192;
  private static final int MAX_SKIPPED_TICKS = 3;

  @Test
  void aClientThatNeverReadsIsBoundedThenClosedWhileOthersKeepTicking(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    JsonObject conf = new JsonObject().put("format", HUGE_FORMAT).put("writeQueueBytes", WRITE_QUEUE_BYTES)
      .put("maxSkippedTicks", MAX_SKIPPED_TICKS);
    Socket[] slow = new Socket[1];
    Clocks.deploy(vertx, conf).compose(clock -> vertx.executeBlocking(() -> {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
        socket.connect(new InetSocketAddress("127.0.0.1", clock.actualPort()));
        slow[0] = socket;
        return clock;
      }))
      .compose(clock -> LineClient.connect(net, clock.actualPort())
        // Enough ticks for the slow client to fill its buffers, then skip MAX_SKIPPED_TICKS in a row.
        .compose(reader -> reader.lines(8))
        .map(lines -> {
          LineClient.assertConsecutive(lines);
          lines.forEach(line -> assertEquals(HUGE_LINE - 1, line.text().length()));
          ClockStats.Snapshot stats = clock.stats();
          System.out.printf("slow client: %s (bound %d + one line of %d)%n", stats, WRITE_QUEUE_BYTES, HUGE_LINE);
          assertEquals(1, stats.slowClientsClosed(), stats.toString());
          assertTrue(stats.skippedTicks() >= MAX_SKIPPED_TICKS, stats.toString());
          assertTrue(stats.maxPendingBytes() <= WRITE_QUEUE_BYTES + HUGE_LINE, stats.toString());
          return clock;
        })
        .compose(v -> vertx.executeBlocking(() -> Clocks.drainToEof(slow[0])))
        .map(received -> {
          System.out.printf("slow client read %d bytes, then EOF%n", received);
          assertTrue(received < 4L * HUGE_LINE, "read " + received);
          assertEquals(1, clock.stats().connections(), "only the reading client is left");
          return received;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClientFloodingInputChangesNothing(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    Buffer junk = Buffer.buffer("flood ".repeat(10_000)); // 60 kB per write
    Clocks.deploy(vertx, new JsonObject()).compose(clock -> {
      Future<LineClient> flooder = LineClient.connect(net, clock.actualPort());
      Future<LineClient> bystander = LineClient.connect(net, clock.actualPort());
      return Future.all(flooder, bystander).compose(both -> {
        flood(flooder.result(), junk, 500); // 30 MB, as fast as the socket takes it
        return Future.all(flooder.result().lines(4), bystander.result().lines(4));
      }).map(both -> {
        LineClient.assertConsecutive(both.resultAt(0));
        LineClient.assertConsecutive(both.resultAt(1));
        ClockStats.Snapshot stats = clock.stats();
        System.out.printf("flooding client: %s%n", stats);
        assertEquals(0, stats.skippedTicks(), stats.toString());
        assertTrue(stats.maxPendingBytes() <= 9, "nothing queues up for anyone: " + stats);
        assertTrue(stats.inputBytesDiscarded() > 1_000_000, "the flood was read and dropped: " + stats);
        assertEquals(2, stats.connections());
        return stats;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Writes {@code junk} {@code times} times, respecting the client's own back-pressure. */
  private static void flood(LineClient client, Buffer junk, int times) {
    var socket = client.socket();
    if (times == 0) {
      return;
    }
    socket.write(junk);
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> flood(client, junk, times - 1));
    } else {
      client.socket().write(Buffer.buffer()).onComplete(ar -> flood(client, junk, times - 1));
    }
  }
}
