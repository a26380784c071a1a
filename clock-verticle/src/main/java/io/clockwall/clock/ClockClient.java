package io.clockwall.clock;

import io.clockwall.runtime.FanOut;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.Errors;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client, and the handler of its channel. It gets each line unless its write queue is full: a late
 * time line is worthless, so the tick is skipped instead of queued, and after {@code maxSkippedTicks} consecutive
 * skips the client is closed. Whatever it sends is read and dropped. Confined to the event loop of its channel.
 *
 * <p>The {@link io.vertx.core.net.NetServer} accepts the connection; {@link #takeOver} then puts this handler in the
 * place of the {@link NetSocket}'s, and the NetSocket is dropped. This is the clock's one use of Vert.x internals
 * ({@code NetSocketInternal}), kept in this class.
 * <ul>
 *   <li>What it gains: a clock only ever writes one shared buffer to the channel and discards input, so the
 *   NetSocket's message queues (4.2 KB a connection, mostly an {@code Object[1024]} chunk of its outbound queue,
 *   hard-coded in Netty) would be held for nothing by every client: with them gone about 2.2 KiB of RSS per client
 *   remain (clock-bench, image flags, 19,900 clients), and writing the shared buffer straight to the channel with
 *   a void promise cost 11% less CPU than {@code NetSocket.write} (0.201 -> 0.179 s/s). On io_uring the ticks
 *   skip the channel too, as entries of the event loop's ring ({@link RingWriter}); the first line, and the rest of
 *   a send the kernel took only part of, still go through the channel.</li>
 *   <li>What it bypasses: everything the NetSocket did per connection, so Vert.x's TCP server metrics no longer
 *   see these channels close or carry bytes; the clock's launcher turns that metrics category off
 *   ({@link ClockMain#metrics}) and the clock counts its clients itself ({@link ClockStats},
 *   {@link ClockMetrics}).</li>
 * </ul>
 */
final class ClockClient extends ChannelInboundHandlerAdapter implements FanOut.Member {

  private static final Logger log = LoggerFactory.getLogger(ClockClient.class);

  private final Channel channel;
  private final ClientTerms terms;
  private RingWriter ring;
  private int ringId = -1;
  private boolean sending;
  private int skipped;
  private int slot = -1;
  private boolean closed;
  private boolean left;

  private ClockClient(Channel channel, ClientTerms terms) {
    this.channel = channel;
    this.terms = terms;
  }

  /**
   * Serves the connection behind {@code socket} from now on, on the {@code terms} of its clock instance: this
   * handler replaces the NetSocket's, the channel's write queue is bounded by {@code terms.writeQueue()}, and
   * {@code terms.gone()} is called exactly once, on the event loop, when the connection has closed. Returns null,
   * after calling {@code gone}, if the connection is already closed.
   *
   * <p>A client that shuts down its sending side (half-close: {@code nc -N}, a reader done talking) keeps getting
   * the time, as from clock2: the end of its input is no reason to hang up.
   *
   * <p>{@code terms.ring()} gives the writer of the channel's io_uring ring, or null: with one, ticks go to the
   * socket as one ring entry each ({@link RingWriter}), else through the channel.
   */
  static ClockClient takeOver(NetSocket socket, ClientTerms terms) {
    ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
    Channel channel = vertxHandler.channel();
    ClockClient client = new ClockClient(channel, terms);
    // The channel turns unwritable once more than writeQueue.high() bytes are queued in it.
    channel.config().setWriteBufferWaterMark(terms.writeQueue());
    channel.config().setRecvByteBufAllocator(terms.input());
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().replace(vertxHandler.handler(), "clock", client);
    // The server put a ChunkedWriteHandler before it, for NetSocket.sendFile: a clock sends no files, and every
    // line would pass through its queue (18% of the event loop's Java time at 19,900 clients, perf).
    if (channel.pipeline().get(ChunkedWriteHandler.class) != null) {
      channel.pipeline().remove(ChunkedWriteHandler.class);
    }
    if (!channel.isActive()) {
      // closed before this handler was in place: channelInactive may never reach it
      client.close();
      client.leave();
      return null;
    }
    client.ring = terms.ring().apply(channel);
    if (client.ring != null) {
      client.ringId = client.ring.join(client, channel);
    }
    return client;
  }

  /**
   * Sends the client's first line. This runs while the server is still setting the channel up, so a failure (the
   * peer connected and reset at once) must not travel the pipeline, where the server's channel initializer would
   * log it with a stack trace: it is counted, and the channel closed.
   */
  void first(ByteBuf line) {
    channel.writeAndFlush(line.retainedDuplicate()).addListener(written -> {
      if (!written.isSuccess()) {
        terms.stats().resetBeforeFirstLine();
        if (log.isDebugEnabled()) {
          log.debug("client {}: gone before its first line: {}", channel.remoteAddress(), written.cause().toString());
        }
        close();
      }
    });
  }

  /**
   * Sends {@code line} unless the write queue is full (or, on the ring, the previous send has not been answered).
   * Returns false once the client is closed for being slow. Writing only while the queue is under its bound keeps
   * the bytes queued in the server under that bound plus one line.
   */
  @Override
  public boolean offer(ByteBuf line) {
    if (closed) {
      return false;
    }
    if (sending || !channel.isWritable()) {
      return skip();
    }
    // Straight to the ring while nothing waits in the channel's queue (a partial send's rest, the first line):
    // the kernel answers in sent().
    if (ringId >= 0 && pendingBytes() == 0 && ring.send(ringId, channel, line)) {
      sending = true;
      return true;
    }
    skipped = 0;
    // One shared buffer, no copy, and no per-write future. Measured with clock-bench at 19,900 clients against
    // NetSocket.write: server CPU 0.201 -> 0.179 s/s, label error p99 207 -> 178 ms.
    channel.writeAndFlush(line.retainedDuplicate(), channel.voidPromise());
    terms.stats().pendingBytes(pendingBytes());
    return true;
  }

  /** Counts a skipped tick; false once that closed the client for being slow. */
  private boolean skip() {
    terms.stats().tickSkipped();
    if (++skipped >= terms.maxSkippedTicks()) {
      terms.stats().slowClientClosed();
      log.debug("client {}: closed after {} skipped ticks", channel.remoteAddress(), skipped);
      close();
      return false;
    }
    return true;
  }

  /**
   * The kernel's answer to the ring's send of {@code line}: the bytes it took, or -errno. A full socket
   * ({@code -EAGAIN}) skips the tick; a partial send's rest goes through the channel, which queues it until the
   * socket takes it; an error closes the client (the channel sees it as well).
   */
  void sent(int result, ByteBuf line) {
    sending = false;
    if (left) {
      ring.leave(ringId);
      return;
    }
    if (closed) {
      return;
    }
    int length = line.readableBytes();
    if (result == length) {
      skipped = 0;
    } else if (result == Errors.ERRNO_EAGAIN_NEGATIVE) {
      skip();
    } else if (result >= 0) {
      skipped = 0;
      channel.writeAndFlush(line.retainedSlice(line.readerIndex() + result, length - result), channel.voidPromise());
      terms.stats().pendingBytes(pendingBytes());
    } else {
      if (log.isDebugEnabled()) {
        log.debug("client {}: send failed, errno {}", channel.remoteAddress(), -result);
      }
      close();
    }
  }

  @Override
  public int slot() {
    return slot;
  }

  @Override
  public void slot(int slot) {
    this.slot = slot;
  }

  /** Bytes written to this client and still queued in the server (not yet taken by the kernel). */
  long pendingBytes() {
    ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
    return queued == null ? 0 : queued.totalPendingWriteBytes();
  }

  /** Closes the connection now, dropping queued lines (a client that does not read would never take them). */
  void close() {
    closed = true;
    channel.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf input) {
      terms.stats().inputDiscarded(input.readableBytes());
    }
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    leave();
  }

  private void leave() {
    if (!left) {
      left = true;
      if (ringId >= 0 && !sending) {
        ring.leave(ringId);
      }
      terms.gone().accept(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a broken pipe: the channel closes itself on I/O errors; anything else closes it here.
    if (log.isDebugEnabled()) {
      log.debug("client {}: {}", channel.remoteAddress(), cause.toString());
    }
    close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    // The NetServer's shutdown notice (the server closes these channels itself right after) and socket events:
    // nothing for a clock to do.
    ReferenceCountUtil.release(event);
  }
}
