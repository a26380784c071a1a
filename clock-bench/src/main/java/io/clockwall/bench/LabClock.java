package io.clockwall.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A design experiment, not a product: the clock fan-out written directly on Netty to measure what
 * this machine allows, so that design choices for ClockVerticle are measured, not guessed.
 * Each event loop owns its clients and its own tick, scheduled to just after every second
 * boundary; per tick one direct buffer holds the label and every writable channel of that loop
 * gets {@code retainedDuplicate()} of it; a channel that is not writable skips the tick and is
 * closed after {@code maxSkips}; input is discarded; connections over {@code max} are closed at once.
 *
 * <p>Usage: {@code java -cp clockwall-bench.jar io.clockwall.bench.LabClock PORT [loops=1]
 * [transport=epoll|io_uring|nio] [max=19900] [flush=each|batch] [reuseport=true]}
 */
public final class LabClock {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final long MARGIN_NANOS = 200_000;   // tick 0.2 ms after the boundary
  private static final int MAX_SKIPS = 10;
  private static final AttributeKey<Integer> SKIPS = AttributeKey.valueOf("skips");

  private final ZoneId zone = ZoneId.systemDefault();
  private final Map<EventLoop, List<Channel>> clients = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final int max;
  private final boolean batchFlush;
  private final boolean reusePort;

  private LabClock(int max, boolean batchFlush, boolean reusePort) {
    this.max = max;
    this.batchFlush = batchFlush;
    this.reusePort = reusePort;
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: LabClock PORT [loops=N] [transport=epoll|io_uring|nio] [max=N] [flush=each|batch] [reuseport=true]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int loops = 1;
    String transport = "epoll";
    int max = 19_900;
    boolean batch = false;
    boolean reusePort = false;
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      switch (kv[0]) {
        case "loops" -> loops = Integer.parseInt(kv[1]);
        case "transport" -> transport = kv[1];
        case "max" -> max = Integer.parseInt(kv[1]);
        case "flush" -> batch = kv[1].equals("batch");
        case "reuseport" -> reusePort = Boolean.parseBoolean(kv[1]);
        default -> {
          System.err.println("LabClock: unknown option '" + args[i] + "'");
          System.exit(2);
        }
      }
    }
    IoHandlerFactory io;
    Class<? extends ServerChannel> serverClass;
    switch (transport) {
      case "epoll" -> {
        if (!Epoll.isAvailable()) {
          System.err.println("LabClock: native epoll unavailable: " + Epoll.unavailabilityCause());
          System.exit(1);
        }
        io = EpollIoHandler.newFactory();
        serverClass = EpollServerSocketChannel.class;
      }
      case "io_uring" -> {
        if (!IoUring.isAvailable()) {
          System.err.println("LabClock: io_uring unavailable: " + IoUring.unavailabilityCause());
          System.exit(1);
        }
        io = IoUringIoHandler.newFactory();
        serverClass = IoUringServerSocketChannel.class;
      }
      case "nio" -> {
        io = NioIoHandler.newFactory();
        serverClass = NioServerSocketChannel.class;
      }
      default -> {
        System.err.println("LabClock: transport must be epoll, io_uring or nio, got '" + transport + "'");
        System.exit(2);
        return;
      }
    }
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, io);
    if (reusePort && !transport.equals("epoll")) {
      System.err.println("LabClock: reuseport=true needs transport=epoll");
      System.exit(2);
    }
    new LabClock(max, batch, reusePort).serve(boss, workers, serverClass, port, loops, transport);
  }

  private void serve(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> serverClass,
                     int port, int loops, String transport) throws InterruptedException {
    for (var executor : workers) {
      EventLoop loop = (EventLoop) executor;
      clients.put(loop, new ArrayList<>());
      loop.execute(() -> schedule(loop));
    }
    ChannelHandler discard = new Discard();
    ServerBootstrap bootstrap = new ServerBootstrap();
    if (reusePort) {   // several processes on one port; the kernel spreads connections between them
      bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
    }
    Channel server = bootstrap
      .group(boss, workers)
      .channel(serverClass)
      .option(ChannelOption.SO_BACKLOG, 1024)
      .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 * 1024, 8 * 1024))
      .childHandler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          if (connections.incrementAndGet() > max) {
            connections.decrementAndGet();
            refused.incrementAndGet();
            ch.close();
            return;
          }
          ch.pipeline().addLast(discard);
          List<Channel> own = clients.get(ch.eventLoop());
          own.add(ch);
          ch.closeFuture().addListener(f -> {
            own.remove(ch);
            connections.decrementAndGet();
          });
          ch.writeAndFlush(label(System.currentTimeMillis() / 1000, ch));
        }
      })
      .bind("127.0.0.1", port).sync().channel();
    System.err.println("lab clock listening on 127.0.0.1:" + port + " loops=" + loops + " transport=" + transport
      + " max=" + max + " flush=" + (batchFlush ? "batch" : "each") + " reuseport=" + reusePort);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close().syncUninterruptibly();
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }));
    server.closeFuture().sync();
  }

  private void schedule(EventLoop loop) {
    long now = currentNanos();
    long delay = 1_000_000_000L - now % 1_000_000_000L + MARGIN_NANOS;
    loop.schedule(() -> tick(loop), delay, TimeUnit.NANOSECONDS);
  }

  private void tick(EventLoop loop) {
    long second = (currentNanos() + 50_000_000L) / 1_000_000_000L;   // a hair early still names the coming second
    List<Channel> own = clients.get(loop);
    ByteBuf line = Unpooled.directBuffer(16).writeBytes(text(second));
    try {
      for (int i = own.size() - 1; i >= 0; i--) {
        Channel ch = own.get(i);
        if (!ch.isWritable()) {
          Integer skips = ch.attr(SKIPS).get();
          int n = skips == null ? 1 : skips + 1;
          ch.attr(SKIPS).set(n);
          if (n >= MAX_SKIPS) {
            ch.close();
          }
          continue;
        }
        ch.attr(SKIPS).set(null);
        if (batchFlush) {
          ch.write(line.retainedDuplicate(), ch.voidPromise());
        } else {
          ch.writeAndFlush(line.retainedDuplicate(), ch.voidPromise());
        }
      }
      if (batchFlush) {
        for (int i = own.size() - 1; i >= 0; i--) {
          own.get(i).flush();
        }
      }
    } finally {
      line.release();
    }
    if (refused.get() > 0) {
      System.err.println("lab clock: refused " + refused.getAndSet(0) + " connections over max=" + max);
    }
    schedule(loop);
  }

  private byte[] text(long second) {
    return (FORMAT.format(Instant.ofEpochSecond(second).atZone(zone)) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private ByteBuf label(long second, Channel ch) {
    return ch.alloc().directBuffer(16).writeBytes(text(second));
  }

  private static long currentNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @ChannelHandler.Sharable
  private static final class Discard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
