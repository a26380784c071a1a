package io.clockwall.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The naive port of gopl.io clock2, kept only as the benchmark's yardstick: one timer per
 * connection. Like clock2's goroutine ({@code write(now); sleep(1s)} until the write fails) each
 * connection writes the current time at once, and one second after each write has completed it
 * writes again; a failed write closes the connection. Labels are not aligned to the second and
 * drift by however long each write and re-arm takes. Zone: the JVM default (which follows {@code TZ}).
 *
 * <p>Usage: {@code java -cp clockwall-bench.jar io.clockwall.bench.NaiveClock PORT [HOST]}
 */
public final class NaiveClock extends VerticleBase {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final String host;
  private final int port;
  private final ZoneId zone = ZoneId.systemDefault();
  private NetServer server;

  public NaiveClock(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer().connectHandler(this::serve);
    return server.listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  /** The bound port (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void serve(NetSocket socket) {
    socket.handler(ignored -> { });   // clock2 never reads; we discard what arrives
    tick(socket);
  }

  private void tick(NetSocket socket) {
    socket.write(LocalTime.now(zone).format(FORMAT) + "\n")
      .onSuccess(v -> vertx.setTimer(1000, id -> tick(socket)))
      .onFailure(e -> socket.close());
  }

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: NaiveClock PORT [HOST]   (HOST defaults to 127.0.0.1)");
      System.exit(2);
    }
    int port;
    try {
      port = Integer.parseInt(args[0]);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      System.err.println("NaiveClock: PORT must be 0..65535, got '" + args[0] + "'");
      System.exit(2);
    }
    String host = args.length == 2 ? args[1] : "127.0.0.1";
    Vertx vertx = Vertx.vertx();
    NaiveClock clock = new NaiveClock(host, port);
    vertx.deployVerticle(clock)
      .onSuccess(id -> System.err.println("naive clock listening on " + host + ":" + clock.actualPort()))
      .onFailure(e -> {
        System.err.println("NaiveClock: cannot listen on " + host + ":" + args[0] + ": " + e.getMessage());
        System.exit(1);
      });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }
}
