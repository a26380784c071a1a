package io.clockwall.clock;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter of events a peer can cause at any rate (refused connections, resets before the first line), logged as
 * at most one WARN line per interval, with a count: the first event at once, the rest of a burst by {@link #report()},
 * which the clock calls on every tick. Counting costs one atomic increment; any thread.
 */
final class ThrottledReport {

  private final Logger log;
  private final String template;
  private final long intervalNanos;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong countAtLastLog = new AtomicLong();
  private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

  /** {@code template} is an SLF4J message with two arguments: the count since the last line, and the total. */
  ThrottledReport(Logger log, String template, long intervalNanos) {
    this.log = log;
    this.template = template;
    this.intervalNanos = intervalNanos;
  }

  void count() {
    count.incrementAndGet();
    report();
  }

  long total() {
    return count.get();
  }

  /** Logs the events not reported yet, unless a report was made less than an interval ago. */
  void report() {
    if (count.get() == countAtLastLog.get()) {
      return;
    }
    long now = System.nanoTime();
    long next = nextLogNanos.get();
    if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + intervalNanos)) {
      long total = count.get();
      long since = total - countAtLastLog.getAndSet(total);
      log.warn(template, since, total);
    }
  }
}
