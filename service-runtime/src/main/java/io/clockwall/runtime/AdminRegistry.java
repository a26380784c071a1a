package io.clockwall.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

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

  /** A service is live while the work it repeats (a tick, a printed row, a heartbeat timer) ran this recently. */
  public static final long LIVE_WITHIN_MS = 2000;

  /**
   * Registers the liveness check {@code name}: up while {@code lastRunNanos} ({@link System#nanoTime()} of the last
   * run of something the service repeats, read from any thread) is at most {@link #LIVE_WITHIN_MS} ago; its data
   * says how long ago, as {@code <what>MsAgo}.
   */
  public void liveWhileRecent(String name, String what, LongSupplier lastRunNanos) {
    liveness.register(name, done -> {
      long ago = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRunNanos.getAsLong());
      JsonObject data = new JsonObject().put(what + "MsAgo", ago);
      done.complete(ago <= LIVE_WITHIN_MS ? Status.OK(data) : Status.KO(data));
    });
  }

  /**
   * Registers the readiness check {@code name}: up while {@code serving} and {@code open} (read once per check) is
   * under {@code max}; its data gives both, as {@code <what>} and {@code maxConnections}.
   */
  public void readyWhileUnder(String name, String what, IntSupplier open, int max, BooleanSupplier serving) {
    readiness.register(name, done -> {
      int now = open.getAsInt();
      JsonObject data = new JsonObject().put(what, now).put("maxConnections", max);
      done.complete(serving.getAsBoolean() && now < max ? Status.OK(data) : Status.KO(data));
    });
  }

  /** Where meters go, when this process publishes metrics. */
  public Optional<MeterRegistry> meters() {
    return Optional.ofNullable(meters);
  }
}
