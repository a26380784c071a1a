package io.clockwall.clock;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the instances serving one listening address share (Vert.x server sharing, {@code -instances N}): the
 * connection limit and the counters. Kept in a Vert.x local map, dropped when its last instance stops.
 */
final class ClockPort implements Shareable {

  private static final String MAP = "clockwall.clock.ports";

  private final ConnectionLimit limit;
  private final ClockStats stats = new ClockStats();
  private final AtomicBoolean announced = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger instances = new java.util.concurrent.atomic.AtomicInteger();
  /** The address's meters, when the process publishes metrics; set by the instance that announced it. */
  private volatile ClockMetrics metrics;
  /** Instances using this entry; only touched inside the local map's atomic compute. */
  private int users;

  private ClockPort(int maxConnections) {
    this.limit = new ConnectionLimit(maxConnections);
  }

  /**
   * The entry of {@code key}, created if needed. Port 0 is never shared (each instance listening on port 0 gets a
   * port of its own), so a null key gives a private entry.
   */
  static ClockPort acquire(Vertx vertx, String key, int maxConnections) {
    if (key == null) {
      return new ClockPort(maxConnections);
    }
    return map(vertx).compute(key, (k, port) -> {
      ClockPort p = port == null ? new ClockPort(maxConnections) : port;
      p.users++;
      return p;
    });
  }

  /** An instance stops serving the address; the last one removes its meters. */
  void release(Vertx vertx, String key) {
    if (key == null) {
      closeMetrics();
      return;
    }
    map(vertx).compute(key, (k, port) -> {
      if (port == null || --port.users > 0) {
        return port;
      }
      port.closeMetrics();
      return null;
    });
  }

  private void closeMetrics() {
    ClockMetrics m = metrics;
    metrics = null;
    if (m != null) {
      m.close();
    }
  }

  void metrics(ClockMetrics metrics) {
    this.metrics = metrics;
  }

  /** The address's meters, or null. */
  ClockMetrics metrics() {
    return metrics;
  }

  /** 1, 2, ...: the number of each instance serving the address, for the names of its health checks. */
  int nextInstance() {
    return instances.incrementAndGet();
  }

  ConnectionLimit limit() {
    return limit;
  }

  ClockStats stats() {
    return stats;
  }

  ClockStats.Snapshot snapshot() {
    return stats.snapshot(limit);
  }

  /** True for the first caller only: the address is announced once, however many instances serve it. */
  boolean announce() {
    return announced.compareAndSet(false, true);
  }

  private static LocalMap<String, ClockPort> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
