package io.clockwall.wall;

import io.clockwall.runtime.ConnectionLimits;
import io.clockwall.runtime.HttpConnectionLimit;
import io.clockwall.runtime.Transports;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The live page: {@code GET /} is a plain HTML+CSS+JS page served from the jar ({@code webroot/wall}, no CDN),
 * {@code GET /events} a Server-Sent Events stream with one event per row ({@link RowJson}), {@code GET /row} the last
 * row as JSON. The page's {@code EventSource} reconnects by itself after a drop or a restart of the wall.
 *
 * <p>A viewer costs the wall at most {@link #VIEWER_QUEUE_BYTES} of queued bytes: a row that finds a viewer's write
 * queue full (a viewer that does not read, or reads slower than a row a second) closes that viewer's connection
 * instead of queueing; a viewer gone is forgotten on its close. Every row is encoded once for all viewers. Labels
 * reach the page only as JSON strings, and the page puts them in the DOM with {@code textContent} only. The stream's
 * connections are served by {@link PageViewers}, outside Vert.x's HTTP connection. The page holds at most
 * {@link #MAX_CONNECTIONS} connections, {@link #MAX_PER_ADDRESS} from one address (any more is closed at once), so
 * that its viewers cannot take the file descriptors the wall's clock connections need.
 * Single-threaded: the wall's event loop.
 */
final class WallPage {

  private static final Logger log = LoggerFactory.getLogger(WallPage.class);
  /** Bytes the wall queues for one viewer before it is dropped (a few rows' worth). */
  static final int VIEWER_QUEUE_BYTES = 16 * 1024;
  /** Connections the page holds at once, and from one address: a browser opens six, and one more per open tab. */
  static final int MAX_CONNECTIONS = 256;
  static final int MAX_PER_ADDRESS = 32;
  /** Kernel send buffer per connection: small, so a viewer that does not read is noticed within seconds. */
  static final int SEND_BUFFER_BYTES = 32 * 1024;

  private final Vertx vertx;
  private final PageViewers viewers;
  private HttpServer server;
  private MessageConsumer<JsonObject> rows;
  private String lastRow;
  private final MeterRegistry registry;
  private final List<Meter> meters;
  private volatile int port = -1;

  /** {@code registry}, when the process publishes metrics: the page's viewer meters go there. */
  WallPage(Vertx vertx, Optional<MeterRegistry> registry) {
    this.vertx = vertx;
    // each next chunk of viewers after a turn of I/O, as the clock's ticks (FanOut)
    this.viewers = new PageViewers(VIEWER_QUEUE_BYTES,
        next -> vertx.timer(1, TimeUnit.NANOSECONDS).onSuccess(v -> next.run()));
    this.registry = registry.orElse(null);
    this.meters = registry.map(r -> List.of(
        Gauge.builder("clockwall.wall.page.viewers", this, WallPage::viewers)
            .description("Viewers of the live page's event stream connected now").register(r),
        FunctionCounter.builder("clockwall.wall.page.viewers.dropped", this, WallPage::dropped)
            .description("Viewers closed because they did not keep up").register(r))).orElse(List.of());
  }

  /** Listens on {@code web}'s host and port; completes with the port bound. */
  Future<Integer> start(WallConfig.Web web) {
    String host = web.host();
    Router router = Router.router(vertx);
    router.get("/events").handler(ctx -> viewers.add(ctx.request()));
    router.get("/row").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(lastRow == null ? "null" : lastRow));
    router.route("/*").handler(StaticHandler.create("webroot/wall").setCachingEnabled(false)
        .setDefaultContentEncoding("UTF-8"));
    rows = vertx.eventBus().consumer(Addresses.ROW, m -> publish(m.body()));
    // The idle timeout closes a connection that sends no request, or stays open after its last answer. An event
    // stream's connection leaves it behind with Vert.x's other HTTP handlers (PageViewers); its queue bounds it.
    server = vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(SEND_BUFFER_BYTES)
        .setIdleTimeout(web.idleTimeoutSeconds()).setCompressionSupported(false).setHttp2ClearTextEnabled(false));
    server.connectionHandler(new HttpConnectionLimit(new ConnectionLimits(MAX_CONNECTIONS, MAX_PER_ADDRESS)));
    return rows.completion()
        .compose(v -> server.requestHandler(router).listen(web.port(), host))
        .map(HttpServer::actualPort)
        .onSuccess(p -> this.port = p)
        .onSuccess(p -> log.info("wall page on http://{}:{}/ (transport={})", host.contains(":") ? "[" + host + "]" : host,
            p, Transports.describe(vertx)));
  }

  /** The port the page listens on (any thread). */
  int port() {
    return port;
  }

  /** Viewers connected now (any thread). */
  int viewers() {
    return viewers.count();
  }

  /** Viewers closed because their queue was full (any thread). */
  long dropped() {
    return viewers.dropped();
  }

  private void publish(JsonObject row) {
    lastRow = RowJson.line(row);
    viewers.publish(("id: " + row.getLong("second") + "\ndata: " + lastRow + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  Future<Void> close() {
    Future<Void> unregister = rows == null ? Future.succeededFuture() : rows.unregister();
    viewers.close();
    meters.forEach(registry::remove);
    return server == null ? unregister : Future.join(unregister, server.close()).mapEmpty();
  }
}
