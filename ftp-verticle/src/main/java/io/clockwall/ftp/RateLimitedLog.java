package io.clockwall.ftp;

import org.slf4j.Logger;

/**
 * Logs at most one line per interval for one kind of event (a refused connection, a failed login, a bounce attempt),
 * so a flood cannot flood the log; the next line logged says how many were left out. Used from one event loop at a
 * time per instance, but safe from several.
 */
final class RateLimitedLog {

  private final Logger log;
  private final long intervalNanos;
  private long next = Long.MIN_VALUE;
  private long suppressed;

  RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** Logs a warning unless one was logged within the interval; returns true when it was logged. */
  synchronized boolean warn(String message) {
    long now = System.nanoTime();
    if (next != Long.MIN_VALUE && now - next < 0) {
      suppressed++;
      return false;
    }
    next = now + intervalNanos;
    if (suppressed > 0) {
      log.warn("{} ({} similar line(s) suppressed)", message, suppressed);
      suppressed = 0;
    } else {
      log.warn(message);
    }
    return true;
  }
}
