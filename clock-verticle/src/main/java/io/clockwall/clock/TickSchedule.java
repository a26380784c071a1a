package io.clockwall.clock;

import java.time.Clock;
import java.time.Instant;

/**
 * When the clock ticks and which second each tick names, for one timer re-armed at every tick.
 *
 * <p>Each delay is measured against the wall clock, in nanoseconds, to just after the next second boundary, so
 * ticks never drift and never name a second before it has begun: a timer firing before the boundary (the timer
 * runs on the monotonic clock, which the wall clock may be slewed against) is re-armed for the rest of the way.
 * Each label is exactly one second after the last. After a jump (GC pause, suspend, clock step) the next tick
 * names the current second instead of bursting through the missed ones. Confined to one event loop; not
 * thread-safe.
 */
final class TickSchedule {

  /** Returned by {@link #fire()} when the boundary has not come yet and nothing should be sent. */
  static final long NO_TICK = Long.MIN_VALUE;
  /** Ticks are aimed this far after the boundary: less than the event loop's own wake-up latency. */
  static final long MARGIN_NANOS = 20_000;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Clock clock;
  /** Epoch second the next tick names. */
  private long next;

  TickSchedule(Clock clock) {
    this.clock = clock;
    this.next = second(nowNanos()) + 1;
  }

  /** Nanoseconds from now to just after the next boundary; at least 1. */
  long delayNanos() {
    return Math.max(1, next * NANOS_PER_SECOND + MARGIN_NANOS - nowNanos());
  }

  /**
   * The second a client connecting now sees first: the current one, but never ahead of the ticks, so that the
   * next tick is exactly one second later.
   */
  long currentSecond() {
    return Math.min(second(nowNanos()), next - 1);
  }

  /** The timer fired: the epoch second to send now, or {@link #NO_TICK} if its second has not begun yet. */
  long fire() {
    long second = second(nowNanos());
    if (second == next - 1) {
      return NO_TICK;        // early: wait for the boundary
    }
    // on time; or boundaries were missed, or the clock stepped: name the current second, without a burst
    next = second + 1;
    return second;
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
  }

  private static long second(long epochNanos) {
    return Math.floorDiv(epochNanos, NANOS_PER_SECOND);
  }
}
