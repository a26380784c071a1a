package io.clockwall.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A minimal aligned clock for testing the benchmark itself, with deliberate faults: it can leave
 * out every Nth label (the next one then names the second after) and send a malformed line at
 * every Mth tick, and send every Lth tick's label {@value #LATE_MS} ms late, to every client. UTC, {@code HH:mm:ss},
 * one timer re-armed to just after each second boundary.
 */
final class TickingServer extends VerticleBase {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final int skipEvery;
  static final long LATE_MS = 300;

  private final int malformedEvery;
  private final int lateEvery;
  private final Set<NetSocket> sockets = new LinkedHashSet<>();
  private NetServer server;
  private long timer;
  private long ticks;

  /** {@code skipEvery}/{@code malformedEvery} 0 = never. */
  TickingServer(int skipEvery, int malformedEvery) {
    this(skipEvery, malformedEvery, 0);
  }

  /** {@code skipEvery}/{@code malformedEvery}/{@code lateEvery} 0 = never. */
  TickingServer(int skipEvery, int malformedEvery, int lateEvery) {
    this.skipEvery = skipEvery;
    this.malformedEvery = malformedEvery;
    this.lateEvery = lateEvery;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer().connectHandler(socket -> {
      sockets.add(socket);
      socket.handler(ignored -> { });
      socket.closeHandler(v -> sockets.remove(socket));
      socket.write(label(System.currentTimeMillis() / 1000));
    });
    timer = vertx.setTimer(delay(), this::tick);
    return server.listen(0, "127.0.0.1");
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return server.close();
  }

  int port() {
    return server.actualPort();
  }

  private void tick(long id) {
    ticks++;
    long second = System.currentTimeMillis() / 1000;
    boolean skip = skipEvery > 0 && ticks % skipEvery == 0;
    if (!skip) {
      Buffer line = malformedEvery > 0 && ticks % malformedEvery == 0
        ? Buffer.buffer("not a time\n") : Buffer.buffer(label(second));
      if (lateEvery > 0 && ticks % lateEvery == 0) {
        vertx.setTimer(LATE_MS, t -> sockets.forEach(s -> s.write(line)));
      } else {
        sockets.forEach(s -> s.write(line));
      }
    }
    timer = vertx.setTimer(delay(), this::tick);
  }

  private static long delay() {
    return 1000 - System.currentTimeMillis() % 1000 + 2;
  }

  private static String label(long second) {
    return FORMAT.format(Instant.ofEpochSecond(second)) + "\n";
  }
}
