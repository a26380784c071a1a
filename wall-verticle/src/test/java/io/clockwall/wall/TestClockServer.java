package io.clockwall.wall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Clock servers for tests, on loopback: a Go-like clock (writes on connect, then every second at a fixed phase of the
 * second, not aligned to the boundary), a silent one (accepts, never writes), and scripted hostile ones. It can be
 * stopped (closing every connection) and started again on the same port.
 */
final class TestClockServer {

  static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Vertx vertx;
  private final BiConsumer<TestClockServer, NetSocket> behaviour;
  private final List<NetSocket> sockets = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger closedByClient = new AtomicInteger();
  private NetServer server;
  private int port;

  private TestClockServer(Vertx vertx, BiConsumer<TestClockServer, NetSocket> behaviour) {
    this.vertx = vertx;
    this.behaviour = behaviour;
  }

  /**
   * Like the Go clock2: the current time at once, then one line per second, written {@code phaseMs} after each
   * second boundary (so not aligned to the second; two such clocks are up to a second apart).
   */
  static TestClockServer goLike(Vertx vertx, String zone, long phaseMs) {
    ZoneId zoneId = ZoneId.of(zone);
    return new TestClockServer(vertx, (server, socket) -> {
      socket.write(ZonedDateTime.now(zoneId).format(HH_MM_SS) + "\n");
      server.everySecondAt(phaseMs, () -> socket.write(ZonedDateTime.now(zoneId).format(HH_MM_SS) + "\n"));
    });
  }

  /** Accepts and never writes. */
  static TestClockServer silent(Vertx vertx) {
    return new TestClockServer(vertx, (server, socket) -> { });
  }

  /** Runs {@code script} for every connection. */
  static TestClockServer scripted(Vertx vertx, BiConsumer<TestClockServer, NetSocket> script) {
    return new TestClockServer(vertx, script);
  }

  Future<TestClockServer> start() {
    return start(0);
  }

  Future<TestClockServer> start(int wantedPort) {
    server = vertx.createNetServer();
    server.connectHandler(socket -> {
      connections.incrementAndGet();
      sockets.add(socket);
      socket.handler(b -> { });
      socket.closeHandler(v -> {
        if (sockets.remove(socket)) {
          closedByClient.incrementAndGet();
        }
      });
      behaviour.accept(this, socket);
    });
    return server.listen(wantedPort, "127.0.0.1").map(s -> {
      port = s.actualPort();
      return this;
    });
  }

  /** Stops listening and closes every connection (the clock "dies"). */
  Future<Void> stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    List<NetSocket> open = new ArrayList<>(sockets);
    sockets.clear();
    open.forEach(NetSocket::close);
    return server.close();
  }

  int port() {
    return port;
  }

  /** Runs {@code action} every second, {@code phaseMs} after each boundary, while the server runs. */
  void everySecondAt(long phaseMs, Runnable action) {
    long now = System.currentTimeMillis();
    long next = now - now % 1000 + phaseMs;
    if (next <= now) {
      next += 1000;
    }
    long id = vertx.setTimer(next - now, t -> {
      action.run();
      everySecondAt(phaseMs, action);
    });
    timers.add(id);
  }

  static Buffer bytes(int... values) {
    Buffer b = Buffer.buffer();
    for (int v : values) {
      b.appendByte((byte) v);
    }
    return b;
  }
}
