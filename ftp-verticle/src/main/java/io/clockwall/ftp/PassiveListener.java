package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * One PASV/EPSV listener. The first connection from the control connection's own address is held, paused, until the
 * transfer command takes it (clients connect before they send LIST or RETR); later connections are refused, and the
 * listener closes with the channel (closing a Vert.x server closes the connections it accepted). Connections
 * from any other address are closed at once (no data connection theft), logged at most once a second.
 */
final class PassiveListener implements DataChannel {

  static final long ACCEPT_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final PassivePorts ports;
  private final String clientHost;
  private final RateLimitedLog refusals;
  private final Promise<NetSocket> accepted = Promise.promise();
  private NetServer server;
  private int port;
  private NetSocket socket;
  private boolean closed;

  private PassiveListener(Vertx vertx, PassivePorts ports, String clientHost, RateLimitedLog refusals) {
    this.vertx = vertx;
    this.ports = ports;
    this.clientHost = clientHost;
    this.refusals = refusals;
  }

  /** Opens a listener on {@code bindHost} that accepts a data connection from {@code clientHost} only. */
  static Future<PassiveListener> open(Vertx vertx, PassivePorts ports, String bindHost, String clientHost,
      RateLimitedLog refusals) {
    PassiveListener listener = new PassiveListener(vertx, ports, clientHost, refusals);
    return ports.listen(bindHost, listener::accept).map(server -> {
      listener.server = server;
      listener.port = server.actualPort();
      if (listener.closed) {
        listener.closeServer();
      }
      return listener;
    });
  }

  int port() {
    return port;
  }

  private void accept(NetSocket incoming) {
    DataSocket.prepare(incoming); // paused: nothing is read before a transfer command takes the connection
    incoming.exceptionHandler(e -> { }); // a client that drops the connection mid-transfer: the transfer's 426 says it
    String from = incoming.remoteAddress().hostAddress();
    if (closed || socket != null) {
      incoming.close();
      return;
    }
    if (!Addresses.same(from, clientHost)) {
      refusals.warn("refused a passive data connection from " + from + " (control connection from " + clientHost + ")");
      incoming.close();
      return;
    }
    socket = incoming;
    accepted.tryComplete(incoming);
  }

  @Override
  public Future<NetSocket> socket() {
    if (closed) {
      return Future.failedFuture(FtpException.noDataConnection());
    }
    long timer = vertx.setTimer(ACCEPT_TIMEOUT_MS,
        id -> accepted.tryFail(new FtpException(425, "Data connection not opened in time.")));
    return accepted.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    accepted.tryFail(new FtpException(425, "Data connection closed."));
    closeServer();
    if (socket != null) {
      socket.close();
    }
  }

  private void closeServer() {
    if (server != null) {
      NetServer s = server;
      int p = port;
      server = null;
      s.close().onComplete(ar -> ports.release(p));
    }
  }
}
