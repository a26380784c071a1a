package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.shareddata.LocalMap;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Opens passive listeners, on any free port or within the configured range. Vert.x lets two of its servers share a
 * host and port (it round-robins connections between them), so a port of the range is claimed in a map shared by all
 * instances in this Vert.x before it is used, and released when its listener closes; a port busy in another process
 * fails to bind and the next one is tried.
 */
final class PassivePorts {

  private static final int RETRIES = 10;
  private static final long RETRY_DELAY_MS = 50;

  private final Vertx vertx;
  private final int min;
  private final int max;
  private final int idleTimeoutSeconds;
  private final LocalMap<Integer, Boolean> claimed;

  PassivePorts(Vertx vertx, FtpConfig config) {
    this.vertx = vertx;
    this.min = config.passivePortMin();
    this.max = config.passivePortMax();
    this.idleTimeoutSeconds = config.idleTimeoutSeconds();
    this.claimed = vertx.sharedData().getLocalMap("clockwall.ftp.passive-ports");
  }

  /** A listening server on {@code host}; each accepted connection goes to {@code accepted}. */
  Future<NetServer> listen(String host, Consumer<NetSocket> accepted) {
    if (min == 0) {
      return server(host, 0, accepted);
    }
    return listenInRange(host, accepted, 0);
  }

  /** A full range is retried for a moment: a port is released only once its previous listener has closed. */
  private Future<NetServer> listenInRange(String host, Consumer<NetSocket> accepted, int attempt) {
    int size = max - min + 1;
    return tryFrom(host, accepted, ThreadLocalRandom.current().nextInt(size), 0, size).recover(e -> {
      if (attempt >= RETRIES) {
        return Future.failedFuture(e);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(RETRY_DELAY_MS, id -> later.complete());
      return later.future().compose(v -> listenInRange(host, accepted, attempt + 1));
    });
  }

  /** Releases the claim on a port of the range (no-op for ports outside it). */
  void release(int port) {
    if (min != 0 && port >= min && port <= max) {
      claimed.remove(port);
    }
  }

  private Future<NetServer> tryFrom(String host, Consumer<NetSocket> accepted, int start, int tried, int size) {
    for (int i = tried; i < size; i++) {
      int port = min + (start + i) % size;
      if (claimed.putIfAbsent(port, Boolean.TRUE) == null) {
        int next = i + 1;
        return server(host, port, accepted).recover(e -> {
          claimed.remove(port);
          return tryFrom(host, accepted, start, next, size);
        });
      }
    }
    return Future.failedFuture(new FtpException(425, "No passive port free; try again later."));
  }

  private Future<NetServer> server(String host, int port, Consumer<NetSocket> accepted) {
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port)
        .setIdleTimeout(idleTimeoutSeconds).setAcceptBacklog(4));
    server.connectHandler(accepted::accept);
    return server.listen();
  }
}
