package io.clockwall.runtime;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * An HTTP server's connection handler that holds it to {@link ConnectionLimits}: a connection past them is closed at
 * once; one let in gives its place back when its channel closes. The channel, not Vert.x's close handler: a
 * connection whose HTTP handlers were replaced (the wall page's event streams) never reaches that handler.
 */
public final class HttpConnectionLimit implements Handler<HttpConnection> {

  private final ConnectionLimits limits;

  public HttpConnectionLimit(ConnectionLimits limits) {
    this.limits = limits;
  }

  @Override
  public void handle(HttpConnection connection) {
    String address = connection.remoteAddress().hostAddress();
    if (limits.acquire(address) != null) {
      connection.close();
    } else {
      ((ConnectionBase) connection).channel().closeFuture().addListener(f -> limits.release(address));
    }
  }
}
