package io.clockwall.ftp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Drops a connection at once, with whatever is queued in it unsent. Vert.x's close (and a close of the channel, which
 * Vert.x's handler takes over) waits until everything queued is written, which a peer that reads nothing never lets
 * happen: the connection would stay, with what it holds, until a timeout or for ever. So the close starts below
 * Vert.x's handler, and lingering 0 makes it a reset, so that the kernel lets go of the peer's unsent bytes too.
 */
final class ConnectionReset {

  private ConnectionReset() {
  }

  static void now(NetSocket socket) {
    ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
    if (vertxHandler.channel().isOpen()) {
      vertxHandler.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      vertxHandler.close();
    }
  }
}
