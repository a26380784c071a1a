package io.clockwall.wall;

import java.util.Locale;

/** What a clock's cell shows. */
public enum ClockState {
  /** No line yet on the current connection (first attempt, or a new connection after a drop). */
  CONNECTING,
  /** A valid line arrived within {@code staleAfterMs}. */
  LIVE,
  /** No line for more than {@code staleAfterMs}; the last label stays, marked stale. */
  STALE,
  /** The connect failed (refused, timed out) or the server closed or reset the connection; retrying. */
  DOWN,
  /** The last line was not a valid label (control characters, escapes, binary, too long, no newline). */
  INVALID,
  /** The clock sent lines faster than a clock does; disconnected and retried with backoff. */
  FLOODING;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ClockState fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
