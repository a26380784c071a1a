package io.clockwall.ftp;

import io.clockwall.runtime.AdminRegistry;
import io.clockwall.runtime.ConnectionLimits;
import io.vertx.core.Vertx;


/**
 * An FTP verticle instance's health checks. Live while a timer on its event loop has run within the last 2 s (a
 * stuck event loop fails it); ready while it listens and its address (all instances on the port) holds fewer than
 * {@code maxConnections} control connections (over it, new clients get 421).
 */
final class FtpHealth {

  private static final long HEARTBEAT_MS = 500;

  private final Vertx vertx;
  private final AdminRegistry admin;
  private final String name;
  private final long timer;
  private volatile long lastRunNanos = System.nanoTime();
  private volatile boolean serving = true;

  /** Called on the verticle's event loop, once it listens. */
  FtpHealth(Vertx vertx, String name, ConnectionLimits limits, int maxConnections) {
    this.vertx = vertx;
    this.admin = AdminRegistry.of(vertx);
    this.name = name;
    this.timer = vertx.setPeriodic(HEARTBEAT_MS, id -> lastRunNanos = System.nanoTime());
    admin.liveWhileRecent(name, "lastTimer", () -> lastRunNanos);
    admin.readyWhileUnder(name, "sessions", limits::total, maxConnections, () -> serving);
  }

  /** The instance stops: no longer ready, checks removed. */
  void close() {
    serving = false;
    vertx.cancelTimer(timer);
    admin.liveness().unregister(name);
    admin.readiness().unregister(name);
  }
}
