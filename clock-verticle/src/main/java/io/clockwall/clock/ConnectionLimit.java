package io.clockwall.clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most {@code max} clients at once on one listening address, across every instance (event loop) sharing it.
 * A refused connection costs one counter update; refusals are logged at most once per interval, with a count: the
 * first at once, the rest of a burst by {@link #report()}, which the clock calls on every tick.
 */
final class ConnectionLimit {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
  static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private final ThrottledReport refused;

  ConnectionLimit(int max) {
    this(max, LOG_INTERVAL_NANOS);
  }

  ConnectionLimit(int max, long logIntervalNanos) {
    this.max = max;
    this.refused = new ThrottledReport(log,
      "maxConnections=" + max + " reached: refused {} connection(s) since the last report ({} in total)",
      logIntervalNanos);
  }

  /** Takes a slot for a new client, or counts (and maybe logs) a refusal and returns false. */
  boolean tryAcquire() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refused.count();
      return false;
    }
    accepted.increment();
    return true;
  }

  /** A client that held a slot is gone. */
  void release() {
    open.decrementAndGet();
  }

  int max() {
    return max;
  }

  int open() {
    return Math.min(open.get(), max);
  }

  long accepted() {
    return accepted.sum();
  }

  long refused() {
    return refused.total();
  }

  /** Logs the refusals not reported yet, unless a report was made less than an interval ago. Any thread. */
  void report() {
    refused.report();
  }
}
