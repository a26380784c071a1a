package io.clockwall.clock;

import io.clockwall.runtime.AdminRegistry;


/**
 * A clock instance's health checks. Live while its tick timer has fired within the last 2 s (a stuck event loop or
 * a dead timer fails it); ready while its address is served and holds fewer than {@code maxConnections} clients
 * (registered once per address, by the instance that announced it).
 */
final class ClockHealth {

  private final AdminRegistry admin;
  private final String liveName;
  private final String readyName;
  private volatile long lastFiredNanos = System.nanoTime();
  private volatile boolean serving = true;

  /** {@code readyName} null: another instance reports the address's readiness. */
  ClockHealth(AdminRegistry admin, String liveName, String readyName, ConnectionLimit limit) {
    this.admin = admin;
    this.liveName = liveName;
    this.readyName = readyName;
    admin.liveWhileRecent(liveName, "lastTick", () -> lastFiredNanos);
    if (readyName != null) {
      admin.readyWhileUnder(readyName, "connections", limit::open, limit.max(), () -> serving);
    }
  }

  /** The tick timer fired. */
  void fired() {
    lastFiredNanos = System.nanoTime();
  }

  /** The instance stops: no longer ready, checks removed. */
  void close() {
    serving = false;
    admin.liveness().unregister(liveName);
    if (readyName != null) {
      admin.readiness().unregister(readyName);
    }
  }
}
