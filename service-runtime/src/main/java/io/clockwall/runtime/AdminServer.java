package io.clockwall.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The process's admin endpoint: {@code GET /health/live} and {@code GET /health/ready} (200 with each check as
 * JSON, 503 when one is down) and {@code GET /metrics} in Prometheus' text format.
 *
 * <p>Its peers are a scraper and a health check, a connection or two each; in a container it listens on every
 * address. So it holds at most {@link #MAX_CONNECTIONS} connections, {@link #MAX_PER_ADDRESS} from one address (any
 * more is closed at once), and closes one on which nothing has moved for {@link #IDLE_TIMEOUT_SECONDS}: connections
 * opened and left idle, or fed a request slower than that, cannot take the file descriptors the service's own
 * clients need, and one address cannot take every connection from the scraper.
 */
final class AdminServer {

  static final int MAX_CONNECTIONS = 32;
  static final int MAX_PER_ADDRESS = 8;
  static final int IDLE_TIMEOUT_SECONDS = 30;

  private AdminServer() {
  }

  static Future<HttpServer> start(Vertx vertx, AdminOptions options, AdminRegistry registry,
                                  PrometheusMeterRegistry prometheus) {
    return start(vertx, options, registry, prometheus, new ConnectionLimits(MAX_CONNECTIONS, MAX_PER_ADDRESS),
      IDLE_TIMEOUT_SECONDS);
  }

  static Future<HttpServer> start(Vertx vertx, AdminOptions options, AdminRegistry registry,
                                  PrometheusMeterRegistry prometheus, ConnectionLimits limits, int idleTimeoutSeconds) {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(registry.liveness()));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(registry.readiness()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(idleTimeoutSeconds)
        // plain HTTP/1.1: with h2c on, a connection only reaches the connection handler once it has sent its first bytes
        .setHttp2ClearTextEnabled(false))
      .connectionHandler(new HttpConnectionLimit(limits))
      .requestHandler(router)
      .listen(options.port(), options.host())
      .recover(e -> Future.failedFuture(new IllegalStateException("admin endpoint: cannot listen on "
        + options.host() + ":" + options.port() + ": " + OneLine.of(e), e)));
  }
}
