package io.clockwall.clock;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one listening address, updated by every instance serving it, readable from any thread. */
final class ClockStats {

  private static final Logger log = LoggerFactory.getLogger(ClockStats.class);

  private final LongAdder ticks = new LongAdder();
  private final LongAdder skippedTicks = new LongAdder();
  private final LongAdder slowClientsClosed = new LongAdder();
  private final AtomicLong maxPendingBytes = new AtomicLong();
  private final LongAdder inputBytesDiscarded = new LongAdder();
  private final ThrottledReport resetBeforeFirstLine = new ThrottledReport(log,
    "{} connection(s) closed or reset by the client before their first line since the last report ({} in total)",
    ConnectionLimit.LOG_INTERVAL_NANOS);

  void tick() {
    ticks.increment();
  }

  void tickSkipped() {
    skippedTicks.increment();
  }

  void slowClientClosed() {
    slowClientsClosed.increment();
  }

  void inputDiscarded(long bytes) {
    inputBytesDiscarded.add(bytes);
  }

  /** A client was gone (reset, closed) before the clock could write its first line: a connect-and-reset peer. */
  void resetBeforeFirstLine() {
    resetBeforeFirstLine.count();
  }

  /** Logs what the throttled counters have not reported yet (called on every tick). */
  void report() {
    resetBeforeFirstLine.report();
  }

  /** Bytes a client had queued in the server right after a write. */
  void pendingBytes(long bytes) {
    if (bytes > maxPendingBytes.get()) {
      maxPendingBytes.accumulateAndGet(bytes, Math::max);
    }
  }

  long ticks() {
    return ticks.sum();
  }

  long skippedTicks() {
    return skippedTicks.sum();
  }

  long slowClientsClosed() {
    return slowClientsClosed.sum();
  }

  long resetsBeforeFirstLine() {
    return resetBeforeFirstLine.total();
  }

  Snapshot snapshot(ConnectionLimit limit) {
    return new Snapshot(limit.open(), limit.accepted(), limit.refused(), ticks.sum(), skippedTicks.sum(),
      slowClientsClosed.sum(), maxPendingBytes.get(), inputBytesDiscarded.sum(), resetBeforeFirstLine.total());
  }

  /**
   * The counters at one moment.
   *
   * @param connections       clients connected now
   * @param accepted          clients accepted since start
   * @param refused           connections closed at once because {@code maxConnections} clients were connected
   * @param ticks             ticks sent (one per second per instance)
   * @param skippedTicks      lines not sent to a client because its write queue was full
   * @param slowClientsClosed clients closed after {@code maxSkippedTicks} consecutive skipped ticks
   * @param maxPendingBytes   most bytes any one client ever had queued in the server, measured after each write
   * @param inputBytesDiscarded bytes clients sent, read and dropped
   * @param resetBeforeFirstLine accepted clients gone (reset, closed) before their first line was written
   */
  public record Snapshot(int connections, long accepted, long refused, long ticks, long skippedTicks,
                         long slowClientsClosed, long maxPendingBytes, long inputBytesDiscarded,
                         long resetBeforeFirstLine) {

    public JsonObject toJson() {
      return new JsonObject()
        .put("connections", connections)
        .put("accepted", accepted)
        .put("refused", refused)
        .put("ticks", ticks)
        .put("skippedTicks", skippedTicks)
        .put("slowClientsClosed", slowClientsClosed)
        .put("maxPendingBytes", maxPendingBytes)
        .put("inputBytesDiscarded", inputBytesDiscarded)
        .put("resetBeforeFirstLine", resetBeforeFirstLine);
    }
  }
}
