package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

/** Where the next transfer's data connection comes from: PASV/EPSV ({@link PassiveListener}) or PORT/EPRT ({@link ActiveConnector}). */
interface DataChannel {

  /** The data connection, paused, once it is there; fails (then the client gets 425) when it cannot be had in time. */
  Future<NetSocket> socket();

  /** Releases everything the channel holds (listener, port, an unclaimed connection). Idempotent. */
  void close();
}
