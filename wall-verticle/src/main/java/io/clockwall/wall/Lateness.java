package io.clockwall.wall;

import java.util.Arrays;

/**
 * A clock's lateness: for each {@code HH:mm:ss} label, its arrival minus the start of the second it names, by this
 * machine's clock ({@link Offsets#lagMillis}); the last one and the p99 of those that arrived in the last minute.
 * Bounded: the last {@value #CAPACITY} labels (a clock sends one a second; a faster one is cut off as flooding).
 * Single-threaded.
 */
final class Lateness {

  static final int CAPACITY = 128;
  static final long WINDOW_MS = 60_000;

  private final long[] at = new long[CAPACITY];
  private final long[] late = new long[CAPACITY];
  private int next;
  private int size;
  private Long last;

  /** A label arrived at {@code now}, {@code lateMs} late (null: not {@code HH:mm:ss}, lateness unknown). */
  void add(Long lateMs, long now) {
    last = lateMs;
    if (lateMs == null) {
      return;
    }
    at[next] = now;
    late[next] = lateMs;
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
  }

  Long last() {
    return last;
  }

  /** The 99th percentile (nearest rank) of the lateness of labels that arrived within a minute of {@code now}. */
  Long p99(long now) {
    long[] recent = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (now - at[i] <= WINDOW_MS) {
        recent[n++] = late[i];
      }
    }
    if (n == 0) {
      return null;
    }
    Arrays.sort(recent, 0, n);
    int rank = (int) Math.ceil(0.99 * n);
    return recent[Math.max(rank, 1) - 1];
  }

  /** {@code +3ms}, {@code -12ms}, {@code +1.2s}, {@code +75s}. */
  static String format(long ms) {
    String sign = ms < 0 ? "-" : "+";
    long abs = Math.abs(ms);
    if (abs < 1000) {
      return sign + abs + "ms";
    }
    if (abs < 10_000) {
      return sign + abs / 1000 + "." + abs % 1000 / 100 + "s";
    }
    return sign + abs / 1000 + "s";
  }
}
