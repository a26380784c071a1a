package io.clockwall.wall;

/**
 * How many lines a clock may send: a token bucket of {@link #BURST} lines, refilled at {@link #PER_SECOND} a
 * second. A clock sends one line a second, plus one on connect; a few more (a burst after a network stall) pass, a
 * flood does not. Time is passed in; not thread-safe.
 */
final class FloodMeter {

  static final int PER_SECOND = 3;
  static final int BURST = 6;

  private double tokens = BURST;
  private long lastMs;

  FloodMeter(long nowMs) {
    this.lastMs = nowMs;
  }

  /** Counts one line; false once the clock sends faster than allowed. */
  boolean allow(long nowMs) {
    tokens = Math.min(BURST, tokens + (nowMs - lastMs) * PER_SECOND / 1000.0);
    lastMs = nowMs;
    if (tokens < 1) {
      return false;
    }
    tokens--;
    return true;
  }
}
