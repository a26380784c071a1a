package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * PORT/EPRT: the server connects to the client when the transfer command comes. The target was checked when the
 * command was parsed (the client's own address, port 1024 or above: no FTP bounce).
 */
final class ActiveConnector implements DataChannel {

  private final NetClient client;
  private final String host;
  private final int port;
  private NetSocket socket;
  private boolean closed;

  ActiveConnector(NetClient client, String host, int port) {
    this.client = client;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<NetSocket> socket() {
    if (closed) {
      return Future.failedFuture(FtpException.noDataConnection());
    }
    return client.connect(port, host)
        .recover(e -> Future.failedFuture(new FtpException(425, "Can't open data connection.")))
        .map(s -> {
          DataSocket.prepare(s); // paused until the transfer starts
          s.exceptionHandler(e -> { }); // a dropped connection shows as the transfer's 426, not a logged stack trace
          if (closed) {
            s.close();
            throw new FtpException(425, "Data connection closed.");
          }
          socket = s;
          return s;
        });
  }

  @Override
  public void close() {
    closed = true;
    if (socket != null) {
      socket.close();
    }
  }
}
