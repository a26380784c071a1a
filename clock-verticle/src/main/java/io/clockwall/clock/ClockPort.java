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

  void release(Vertx vertx, String key) {
    if (key == null) {
      return;
    }
    map(vertx).compute(key, (k, port) -> port == null || --port.users == 0 ? null : port);
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
