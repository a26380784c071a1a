package io.clockwall.wall;

import io.clockwall.runtime.FanOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The viewers of the page's event stream, each served by its own channel handler, and the fan-out of each event to
 * them: one direct buffer per event, shared by every viewer (no copy, no per-write future), in the clock's
 * {@link FanOut} (a chunk of viewers per event-loop task, each event starting elsewhere in the ring, so that no
 * viewer is always the last).
 *
 * <p>The page's {@link io.vertx.core.http.HttpServer} takes the request ({@code GET /events}); {@link #add} then
 * answers it itself and puts a {@link Viewer} in the place of every handler of the connection, so the Vert.x HTTP
 * connection, request, response and routing context become garbage. This is the wall's one use of Vert.x internals
 * ({@code ConnectionBase}, to reach the channel), kept in this class.
 * <ul>
 *   <li>What it gains: a viewer only ever receives the same bytes as every other and sends nothing the wall needs,
 *   but a Vert.x HTTP/1.1 connection holds about 7.5 KiB per viewer live (4.1 KiB of it the connection's message
 *   queue, an {@code Object[1024]} chunk hard-coded in Netty), and each event went through chunked encoding and
 *   that queue once per viewer. Figures in the README ("Viewers at scale").</li>
 *   <li>What it bypasses: HTTP keep-alive (the stream is the connection's last response: {@code Connection: close},
 *   its body ends when the connection does, which is how an event stream ends anyway) and Vert.x's HTTP server
 *   metrics, which would count these requests as never ending; the wall turns that category off
 *   ({@link WallMain#metrics}) and counts its viewers itself.</li>
 * </ul>
 * Single-threaded: the event loop of the page's server (one verticle instance, so one loop for every viewer).
 */
final class PageViewers {

  private static final Logger log = LoggerFactory.getLogger(PageViewers.class);

  /** The response head and the stream's first field: the browser retries a second after the stream ends. */
  private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\n"
      + "Content-Type: text/event-stream; charset=utf-8\r\n"
      + "Cache-Control: no-store\r\n"
      + "X-Accel-Buffering: no\r\n"
      + "Connection: close\r\n"
      + "\r\n"
      + "retry: 1000\n\n").getBytes(StandardCharsets.US_ASCII);

  private final FanOut<Viewer> viewers = new FanOut<>();
  private final Consumer<Runnable> later;
  /** A viewer's channel turns unwritable past {@code high} queued bytes; the next event then drops it. */
  private final WriteBufferWaterMark queue;
  private ByteBuf last;
  private volatile int count;
  private volatile long dropped;

  /**
   * {@code queueBytes}: what the wall queues for one viewer before it is dropped; {@code later} runs a task on the
   * viewers' event loop after its next turn of I/O.
   */
  PageViewers(int queueBytes, Consumer<Runnable> later) {
    this.queue = new WriteBufferWaterMark(queueBytes / 2, queueBytes);
    this.later = later;
  }

  /**
   * Answers {@code request} with the event stream, the last event at once (so a page is never empty), and serves
   * the connection from now on. Whatever the viewer sends after the request is read and dropped.
   */
  void add(HttpServerRequest request) {
    Channel channel = ((ConnectionBase) request.connection()).channel();
    Viewer viewer = new Viewer(channel);
    ChannelPipeline pipeline = channel.pipeline();
    // ours first, so that a message the HTTP decoder has already decoded (the request's end) reaches it
    pipeline.addLast("page-viewer", viewer);
    for (String name : pipeline.names()) {
      ChannelHandler handler = pipeline.get(name);
      if (handler != null && handler != viewer && !(handler instanceof SslHandler)) {
        pipeline.remove(handler);
      }
    }
    if (!channel.isActive()) {
      return; // gone already: channelInactive will not come
    }
    channel.config().setWriteBufferWaterMark(queue);
    viewers.add(viewer);
    count = viewers.size();
    ByteBuf first = Unpooled.wrappedBuffer(HEAD);
    channel.writeAndFlush(last == null ? first : Unpooled.wrappedBuffer(first, last.retainedDuplicate()),
        channel.voidPromise());
  }

  /** Sends {@code event} to every viewer, and keeps it for those to come. Drops a viewer whose queue is full. */
  void publish(byte[] event) {
    if (last != null) {
      last.release();
    }
    last = Unpooled.directBuffer(event.length).writeBytes(event);
    viewers.offer(last, later, () -> { });
  }

  /** Viewers connected now (any thread). */
  int count() {
    return count;
  }

  /** Viewers closed because their queue was full (any thread). */
  long dropped() {
    return dropped;
  }

  /** Closes every viewer's connection and lets go of the last event. */
  void close() {
    for (Viewer viewer : viewers.snapshot()) {
      viewers.remove(viewer);
      viewer.channel.close();
    }
    count = 0;
    if (last != null) {
      last.release();
      last = null;
    }
  }

  private void forget(Viewer viewer) {
    viewers.remove(viewer);
    count = viewers.size();
  }

  /** One viewer's connection, and the handler of its channel. */
  private final class Viewer extends ChannelInboundHandlerAdapter implements FanOut.Member {

    private final Channel channel;
    private int slot = -1;

    Viewer(Channel channel) {
      this.channel = channel;
    }

    @Override
    public boolean offer(ByteBuf event) {
      if (!channel.isActive()) {
        return false;
      }
      if (!channel.isWritable()) {
        // a viewer that does not read, or reads slower than an event a second: it goes, with what is queued for
        // it (a reset, so that the kernel lets go of its buffers at once too)
        dropped++;
        log.debug("wall page: viewer {} does not keep up, closing it", channel.remoteAddress());
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
        return false;
      }
      channel.writeAndFlush(event.retainedDuplicate(), channel.voidPromise());
      return true;
    }

    @Override
    public int slot() {
      return slot;
    }

    @Override
    public void slot(int slot) {
      this.slot = slot;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      forget(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a reset or a broken pipe (the channel closes itself on I/O errors); anything else closes it here
      log.debug("wall page: viewer {}: {}", channel.remoteAddress(), cause.toString());
      channel.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      // the HTTP server's shutdown notice (it closes its channels right after) and socket events
      ReferenceCountUtil.release(event);
    }
  }
}
