package io.clockwall.clock;

import io.clockwall.runtime.AdminRegistry;
import io.clockwall.runtime.FanOut;
import io.clockwall.runtime.OneLine;
import io.clockwall.runtime.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Timer;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TCP clock server, wire-compatible with gopl.io's clock2: each client gets the current time at once, then one
 * line at every second boundary ({@code 15:04:05\n} by default).
 *
 * <p>One timer per instance ticks just after each boundary (aimed in nanoseconds); the line is formatted once into
 * one buffer and the same bytes are offered to every client of this instance, in an order that moves each tick
 * ({@link FanOut}). All of an instance's clients are on its event loop, so on io_uring a chunk of a tick's writes
 * (1,024) reaches the kernel in one submission. Several instances share the port (Vert.x server sharing).
 */
public class ClockVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ClockVerticle.class);

  /** Event-bus address answering a request with the counters of a clock, as JSON ({@link #stats()}). */
  public static final String STATS_ADDRESS = "clockwall.clock.stats";

  private final Clock clock;

  private ClockConfig config;
  private TickSchedule schedule;
  private String portKey;
  private ClockPort port;
  private NetServer server;
  private ClientTerms terms;
  private final FanOut<ClockClient> clients = new FanOut<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private Timer timer;
  private RingWriter ring;
  private ClockHealth health;
  private boolean stopping;
  private TickLine line;

  /** A clock configured by its deployment config alone ({@link ClockConfig}); the jar lays the environment over it. */
  public ClockVerticle() {
    this(Clock.systemUTC());
  }

  ClockVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    ClockConfig parsed;
    try {
      parsed = ClockConfig.from(config());
    } catch (ClockConfigException e) {
      return Future.failedFuture(e);
    }
    return listen(parsed)
      .onFailure(e -> {
        if (port != null) {
          port.release(vertx, portKey);
          port = null;
        }
      })
      .onSuccess(bound -> {
        registerStats();
        boolean first = port.announce();
        registerAdmin(first);
        armTimer();
        if (first) {
          log.info("clock listening on {}:{} zone={} format=\"{}\" maxConnections={} transport={}{}", config.host(),
            actualPort(), config.zone(), shortened(config.format()), config.maxConnections(),
            Transports.describe(vertx), config.reusePort() ? " reusePort" : "");
        }
      });
  }

  private Future<NetServer> listen(ClockConfig config) {
    this.config = config;
    this.line = new TickLine(config.formatter());
    this.schedule = new TickSchedule(clock);
    // Instances sharing a port (-instances N) share its limit and counters; with port 0 each gets its own port.
    this.portKey = config.port() == 0 ? null : config.host() + ":" + config.port();
    this.port = ClockPort.acquire(vertx, portKey, config.maxConnections());
    this.terms = ClientTerms.of(config.maxSkippedTicks(), config.writeQueueBytes(), port.stats(), this::gone,
      this::ringFor);
    if (config.reusePort() && !vertx.isNativeTransportEnabled()) {
      return Future.failedFuture(ClockConfigException.invalid(ClockConfig.REUSE_PORT, true,
        "needs a native transport (io_uring or epoll), unavailable here: " + Transports.describe(vertx)));
    }
    server = vertx.createNetServer(new NetServerOptions().setHost(config.host()).setPort(config.port())
        .setReusePort(config.reusePort()))
      .connectHandler(this::connected);
    // OneLine drops the native transport's errno prefix: the same words under NIO and epoll.
    return server.listen().recover(e -> Future.failedFuture(new ClockStartException(
      "cannot listen on " + config.host() + ":" + config.port() + ": " + OneLine.of(e), e)));
  }

  /** A format as the start line shows it: a test's 2 MB filler pattern is no line to log. */
  private static String shortened(String format) {
    return format.length() <= 64 ? format : format.substring(0, 60) + "...";
  }

  /** Health checks of this instance and, from the first instance of the address, its meters. */
  private void registerAdmin(boolean first) {
    AdminRegistry admin = AdminRegistry.of(vertx);
    String address = "clock-" + actualPort();
    health = new ClockHealth(admin, address + "-" + port.nextInstance(), first ? address : null, port.limit());
    if (first) {
      admin.meters().ifPresent(registry ->
        port.metrics(new ClockMetrics(registry, port, actualPort(), config.zone().getId())));
    }
  }

  private void connected(NetSocket socket) {
    if (stopping || !port.limit().tryAcquire()) {
      socket.close();
      return;
    }
    ClockClient client = ClockClient.takeOver(socket, terms);
    if (client != null) {
      clients.add(client);
      client.first(line.of(schedule.currentSecond()));
    }
  }

  /** The writer of the ring of {@code channel}'s event loop, made with the first client on io_uring. */
  private RingWriter ringFor(Channel channel) {
    if (ring == null && !stopping) {
      ring = RingWriter.on(channel);
    }
    return ring;
  }

  private void gone(ClockClient client) {
    clients.remove(client);
    port.limit().release();
  }

  /** Vert.x's setTimer counts whole milliseconds; this timer is aimed to the nanosecond on the same event loop. */
  private void armTimer() {
    timer = vertx.timer(schedule.delayNanos(), TimeUnit.NANOSECONDS);
    timer.onSuccess(v -> tick());
  }

  private void tick() {
    if (stopping) {
      return;
    }
    health.fired();
    long second = schedule.fire();
    armTimer(); // re-armed first, so that nothing below can stop the clock
    if (second == TickSchedule.NO_TICK) {
      return;
    }
    ByteBuf bytes = line.of(second);
    port.stats().tick();
    port.limit().report();
    port.stats().report();
    // Each next chunk as a timer due at once: Netty runs a timer only after its next turn of I/O, where a task
    // (runOnContext) would run in the same batch of tasks, and the completions would pile up.
    clients.offer(bytes, next -> vertx.timer(1, TimeUnit.NANOSECONDS).onSuccess(v -> next.run()),
      () -> fannedOut(second));
  }

  /** The tick of {@code second} has reached its last client. */
  private void fannedOut(long second) {
    ClockMetrics metrics = port.metrics();
    if (metrics != null) {
      Instant now = clock.instant();
      metrics.fanout((now.getEpochSecond() - second) * 1_000_000_000L + now.getNano());
    }
  }

  private void registerStats() {
    var bus = vertx.eventBus();
    for (String address : List.of(STATS_ADDRESS, STATS_ADDRESS + "." + actualPort())) {
      consumers.add(bus.<JsonObject>localConsumer(address, msg -> msg.reply(statsJson())));
    }
  }

  private JsonObject statsJson() {
    return stats().toJson().put("host", config.host()).put("port", actualPort());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (health != null) {
      health.close();
    }
    if (timer != null) {
      timer.cancel();
    }
    for (ClockClient client : clients.snapshot()) {
      client.close();
    }
    if (ring != null) {
      ring.cancel(); // after the closes, which reach the ring after every send queued before them
    }
    if (line != null) {
      line.release();
    }
    List<Future<?>> closing = new ArrayList<>();
    consumers.forEach(consumer -> closing.add(consumer.unregister()));
    if (server != null) {
      closing.add(server.close());
    }
    return Future.join(closing).eventually(() -> {
      if (port != null) {
        port.release(vertx, portKey);
      }
      return Future.succeededFuture();
    });
  }

  /** The port this clock listens on (the chosen one when configured with port 0); valid after start. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The validated config in use; valid after start. */
  public ClockConfig clockConfig() {
    return config;
  }

  /** Counters of this clock's address (all instances sharing it), at this moment. Callable from any thread. */
  public ClockStats.Snapshot stats() {
    return port.snapshot();
  }
}
