package io.clockwall.clock;

/** The clock could not start for a reason other than its config (e.g. the port is taken). One-line message. */
public final class ClockStartException extends RuntimeException {

  ClockStartException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
