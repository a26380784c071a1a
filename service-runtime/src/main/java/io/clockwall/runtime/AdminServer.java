package io.clockwall.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The process's admin endpoint: {@code GET /health/live} and {@code GET /health/ready} (200 with each check as
 * JSON, 503 when one is down) and {@code GET /metrics} in Prometheus' text format.
 */
final class AdminServer {

  private AdminServer() {
  }

  static Future<HttpServer> start(Vertx vertx, AdminOptions options, AdminRegistry registry,
                                  PrometheusMeterRegistry prometheus) {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(registry.liveness()));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(registry.readiness()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    return vertx.createHttpServer()
      .requestHandler(router)
      .listen(options.port(), options.host())
      .recover(e -> Future.failedFuture(new IllegalStateException("admin endpoint: cannot listen on "
        + options.host() + ":" + options.port() + ": " + OneLine.of(e), e)));
  }
}
