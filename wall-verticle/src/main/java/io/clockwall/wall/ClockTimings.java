package io.clockwall.wall;

/**
 * What one {@link ClockConnection} needs to know about time and size limits.
 *
 * @param staleAfterMs     no valid line for this long: the cell is marked stale
 * @param hungAfterMs      no byte at all for this long: the connection is closed and opened again
 * @param connectTimeoutMs a connect attempt that takes longer fails (the clock is down)
 * @param backoffInitialMs first reconnect delay; doubles per failed attempt
 * @param backoffMaxMs     reconnect delay cap
 * @param maxLineLength    longest label accepted, in bytes (a trailing CR not counted)
 */
public record ClockTimings(long staleAfterMs, long hungAfterMs, long connectTimeoutMs, long backoffInitialMs,
                           long backoffMaxMs, int maxLineLength) {
}
