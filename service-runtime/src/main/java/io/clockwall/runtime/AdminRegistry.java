package io.clockwall.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.healthchecks.HealthChecks;

import java.util.Optional;

/**
 * What the verticles of one process report to its admin endpoint: liveness and readiness procedures
 * (vertx-health-check) and, when metrics are on, the Micrometer registry their meters go to. One per Vert.x
 * instance, kept in its local shared data; a verticle deployed without the launcher (a test, an embedding
 * application) still gets health checks nobody reads, and no registry.
 */
public final class AdminRegistry implements Shareable {

  private static final String MAP = "clockwall.admin";

  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private final MeterRegistry meters;

  private AdminRegistry(Vertx vertx, MeterRegistry meters) {
    this.liveness = HealthChecks.create(vertx);
    this.readiness = HealthChecks.create(vertx);
    this.meters = meters;
  }

  /** The registry of {@code vertx}, created without meters on first use. */
  public static AdminRegistry of(Vertx vertx) {
    return vertx.sharedData().<String, AdminRegistry>getLocalMap(MAP)
      .computeIfAbsent("registry", k -> new AdminRegistry(vertx, null));
  }

  /** Installs the registry of a process whose metrics go to {@code meters}; before any verticle asks for it. */
  static AdminRegistry install(Vertx vertx, MeterRegistry meters) {
    AdminRegistry registry = new AdminRegistry(vertx, meters);
    vertx.sharedData().<String, AdminRegistry>getLocalMap(MAP).put("registry", registry);
    return registry;
  }

  /** {@code GET /health/live}: procedures that fail when the service is stuck and needs a restart. */
  public HealthChecks liveness() {
    return liveness;
  }

  /** {@code GET /health/ready}: procedures that fail while the service cannot serve (not yet, or full). */
  public HealthChecks readiness() {
    return readiness;
  }

  /** Where meters go, when this process publishes metrics. */
  public Optional<MeterRegistry> meters() {
    return Optional.ofNullable(meters);
  }
}
