package io.clockwall.ftp;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * A data connection as the transfers use it, below the {@link NetSocket}: Netty's buffers handed over as read (no
 * copy), and the client's end of its stream (its FIN) told apart from a close, by allowing half-closure. Both need
 * Vert.x's {@code NetSocketInternal} (as {@link FileSender}'s zero-copy writes do), kept to this class.
 */
final class DataSocket {

  /** Set once the client has ended its stream, before or after a transfer takes the connection. */
  private static final AttributeKey<Boolean> ENDED = AttributeKey.valueOf(DataSocket.class, "ended");

  private DataSocket() {
  }

  /**
   * Call once, when the connection is made, before anything is read: keeps it open once the client has ended its
   * stream, and pauses it. Until a transfer takes them the buffers wait in order; a connection that no upload takes
   * (RETR, LIST) releases whatever it is sent.
   */
  static void prepare(NetSocket socket) {
    Channel channel = channel(socket);
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    internal(socket).messageHandler(ReferenceCountUtil::release);
    onEnd(socket, () -> channel.attr(ENDED).set(true));
    socket.pause();
  }

  /** Whether the client has ended its stream already. */
  static boolean ended(NetSocket socket) {
    return Boolean.TRUE.equals(channel(socket).attr(ENDED).get());
  }

  /**
   * From now on, {@code buffers} gets Netty's buffers as read (it owns each: it must release it), reads of up to
   * {@code maxRead} bytes, and {@code end} runs when the client ends its stream.
   */
  static void receive(NetSocket socket, int maxRead, Handler<Object> buffers, Runnable end) {
    channel(socket).config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 64 * 1024, maxRead));
    internal(socket).messageHandler(buffers);
    onEnd(socket, end);
  }

  private static void onEnd(NetSocket socket, Runnable end) {
    internal(socket).eventHandler(event -> {
      if (event instanceof ChannelInputShutdownEvent) {
        end.run();
      }
      ReferenceCountUtil.release(event);
    });
  }

  private static NetSocketInternal internal(NetSocket socket) {
    return (NetSocketInternal) socket;
  }

  private static Channel channel(NetSocket socket) {
    return internal(socket).channelHandlerContext().channel();
  }
}
