package io.clockwall.ftp;

import io.vertx.core.Future;
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
    int size = max - min + 1;
    return tryFrom(host, accepted, ThreadLocalRandom.current().nextInt(size), 0, size);
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
