package io.clockwall.clock;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a clock holds per connection, counted in this JVM's heap histogram (what {@code jcmd PID GC.class_histogram}
 * prints) while 400 clients are connected: one {@link ClockClient} each, and nothing per connection that all of an
 * instance's clients can share. At 19,900 clients every 8 bytes held per client is about 0.13 MiB of RSS.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClientHeapTest {

  private static final int CLIENTS = 400;
  private static final String RECEIVE_ALLOCATOR = "io.netty.channel.AdaptiveRecvByteBufAllocator";

  @Test
  void eachConnectionHoldsOneClientAndNoReceiveAllocatorOfItsOwn(Vertx vertx, VertxTestContext ctx) {
    List<Socket> sockets = new ArrayList<>();
    // Counted before and after the clients connect: the Vert.x of an earlier test in this JVM may still be letting
    // go of its channels (500 client channels, each with an allocator of its own), so the count before is taken
    // once it holds still.
    Map<String, Long> before = new HashMap<>();
    Clocks.deploy(vertx, new JsonObject()).compose(clock -> vertx.executeBlocking(() -> {
        before.putAll(steadyLiveInstances(ClockClient.class.getName(), RECEIVE_ALLOCATOR));
        for (int i = 0; i < CLIENTS; i++) {
          Socket socket = new Socket();
          socket.connect(new InetSocketAddress("127.0.0.1", clock.actualPort()), 5_000);
          sockets.add(socket);
        }
        return clock;
      }))
      .compose(clock -> Clocks.eventually(vertx, () -> clock.stats().connections() == CLIENTS))
      .compose(v -> vertx.executeBlocking(() -> liveInstances(ClockClient.class.getName(), RECEIVE_ALLOCATOR)))
      .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
        System.out.printf("heap before and with %d clients connected: %s, %s%n", CLIENTS, before, after);
        long clients = after.get(ClockClient.class.getName()) - before.get(ClockClient.class.getName());
        long allocators = after.get(RECEIVE_ALLOCATOR) - before.get(RECEIVE_ALLOCATOR);
        assertEquals(CLIENTS, clients, "one ClockClient per connection: " + before + " then " + after);
        assertTrue(allocators < CLIENTS / 10, "receive allocators, one per channel? " + before + " then " + after);
        for (Socket socket : sockets) {
          socket.close();
        }
        ctx.completeNow();
      })));
  }

  /** {@link #liveInstances} once two counts 100 ms apart agree (10 s at most). */
  private static Map<String, Long> steadyLiveInstances(String... classNames) throws Exception {
    Map<String, Long> last = liveInstances(classNames);
    for (int i = 0; i < 100; i++) {
      Thread.sleep(100);
      Map<String, Long> now = liveInstances(classNames);
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /** Live objects of each of {@code classNames} (after a full collection), by name; 0 for a class not listed. */
  private static Map<String, Long> liveInstances(String... classNames) throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
      new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
      new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Map<String, Long> counts = histogram.lines().map(String::strip).map(line -> line.split("\\s+"))
      .filter(columns -> columns.length >= 4 && columns[0].endsWith(":")) // "12:  count  bytes  class"
      .collect(Collectors.toMap(columns -> columns[3], columns -> Long.parseLong(columns[1]), Long::sum));
    return List.of(classNames).stream().collect(Collectors.toMap(name -> name, name -> counts.getOrDefault(name, 0L)));
  }
}
