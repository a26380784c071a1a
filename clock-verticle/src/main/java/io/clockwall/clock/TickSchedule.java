package io.clockwall.clock;

import java.time.Clock;

/**
 * When the clock ticks and which second each tick names, for one timer re-armed at every tick.
 *
 * <p>Each delay is measured against the wall clock to just after the next second boundary, so ticks never
 * drift. Each label is exactly one second after the last: a timer firing a hair before the boundary still names
 * the coming second. After a jump (GC pause, suspend, clock step) the next tick names the current second instead
 * of bursting through the missed ones. Confined to one event loop; not thread-safe.
 */
final class TickSchedule {

  /** Returned by {@link #fire()} when the boundary has not come yet and nothing should be sent. */
  static final long NO_TICK = Long.MIN_VALUE;
  /** Ticks are aimed this far after the boundary, so the wall clock reads the new second when they fire. */
  static final long MARGIN_MILLIS = 1;
  /** A timer firing up to this much before the boundary (timer clock vs wall clock) still names the coming second. */
  static final long EARLY_TOLERANCE_MILLIS = 50;

  private final Clock clock;
  /** Epoch second the next tick names. */
  private long next;

  TickSchedule(Clock clock) {
    this.clock = clock;
    this.next = second(clock.millis()) + 1;
  }

  /** Milliseconds from now to just after the next boundary; at least 1. */
  long delayMillis() {
    return Math.max(1, next * 1000 + MARGIN_MILLIS - clock.millis());
  }

  /**
   * The second a client connecting now sees first: the current one, but never ahead of the ticks, so that the
   * next tick is exactly one second later.
   */
  long currentSecond() {
    return Math.min(second(clock.millis()), next - 1);
  }

  /** The timer fired: the epoch second to send now, or {@link #NO_TICK}. */
  long fire() {
    long now = clock.millis();
    long second = second(now);
    long label;
    if (second == next || (second == next - 1 && next * 1000 - now <= EARLY_TOLERANCE_MILLIS)) {
      label = next;          // on time, or a hair early
    } else if (second == next - 1) {
      return NO_TICK;        // far too early (the clock stepped back a little): wait for the boundary
    } else {
      label = second;        // boundaries were missed, or the clock stepped: resync without a burst
    }
    next = label + 1;
    return label;
  }

  private static long second(long epochMillis) {
    return Math.floorDiv(epochMillis, 1000);
  }
}
