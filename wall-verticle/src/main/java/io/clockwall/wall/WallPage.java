package io.clockwall.wall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The live page: {@code GET /} is a plain HTML+CSS+JS page served from the jar ({@code webroot/wall}, no CDN),
 * {@code GET /events} a Server-Sent Events stream with one event per row ({@link RowJson}), {@code GET /row} the last
 * row as JSON. The page's {@code EventSource} reconnects by itself after a drop or a restart of the wall.
 *
 * <p>A viewer costs the wall at most {@link #VIEWER_QUEUE_BYTES} of queued bytes: a row that finds a viewer's write
 * queue full (a viewer that does not read, or reads slower than a row a second) closes that viewer's connection
 * instead of queueing; a viewer gone is forgotten on its close. Every row is encoded once for all viewers. Labels
 * reach the page only as JSON strings, and the page puts them in the DOM with {@code textContent} only.
 * Single-threaded: the wall's event loop.
 */
final class WallPage {

  private static final Logger log = LoggerFactory.getLogger(WallPage.class);
  /** Bytes the wall queues for one viewer before it is dropped (a few rows' worth). */
  static final int VIEWER_QUEUE_BYTES = 16 * 1024;
  /** Kernel send buffer per connection: small, so a viewer that does not read is noticed within seconds. */
  static final int SEND_BUFFER_BYTES = 32 * 1024;

  private final Vertx vertx;
  private final Set<HttpServerResponse> viewers = new LinkedHashSet<>();
  private HttpServer server;
  private MessageConsumer<JsonObject> rows;
  private Buffer lastEvent;
  private String lastRow;
  private volatile long dropped;
  private volatile int viewerCount;
  private volatile int port = -1;

  WallPage(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on {@code host:port}; completes with the port bound. */
  Future<Integer> start(String host, int port) {
    Router router = Router.router(vertx);
    router.get("/events").handler(this::events);
    router.get("/row").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(lastRow == null ? "null" : lastRow));
    router.route("/*").handler(StaticHandler.create("webroot/wall").setCachingEnabled(false)
        .setDefaultContentEncoding("UTF-8"));
    rows = vertx.eventBus().consumer(Addresses.ROW, m -> publish(m.body()));
    server = vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(SEND_BUFFER_BYTES)
        .setCompressionSupported(false));
    return rows.completion()
        .compose(v -> server.requestHandler(router).listen(port, host))
        .map(HttpServer::actualPort)
        .onSuccess(p -> this.port = p)
        .onSuccess(p -> log.info("wall page on http://{}:{}/", host.contains(":") ? "[" + host + "]" : host, p));
  }

  /** The port the page listens on (any thread). */
  int port() {
    return port;
  }

  /** Viewers connected now (any thread). */
  int viewers() {
    return viewerCount;
  }

  /** Viewers closed because their queue was full (any thread). */
  long dropped() {
    return dropped;
  }

  private void events(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(VIEWER_QUEUE_BYTES);
    viewers.add(response);
    viewerCount = viewers.size();
    response.closeHandler(v -> forget(response));
    response.exceptionHandler(e -> forget(response));
    // the browser retries after a second when the stream ends; the last row at once, so the page is never empty
    response.write("retry: 1000\n\n");
    if (lastEvent != null) {
      response.write(lastEvent);
    }
  }

  private void forget(HttpServerResponse viewer) {
    viewers.remove(viewer);
    viewerCount = viewers.size();
  }

  private void publish(JsonObject row) {
    lastRow = RowJson.line(row);
    lastEvent = Buffer.buffer("id: " + row.getLong("second") + "\ndata: " + lastRow + "\n\n");
    for (HttpServerResponse viewer : viewers.toArray(new HttpServerResponse[0])) {
      if (viewer.writeQueueFull()) {
        forget(viewer);
        dropped++;
        log.debug("wall page: a viewer does not keep up, closing it");
        viewer.reset(); // closes the stream (the connection, in HTTP/1.1) and frees what was queued
      } else {
        viewer.write(lastEvent);
      }
    }
  }

  Future<Void> close() {
    Future<Void> unregister = rows == null ? Future.succeededFuture() : rows.unregister();
    viewers.clear();
    viewerCount = 0;
    return server == null ? unregister : Future.join(unregister, server.close()).mapEmpty();
  }
}
