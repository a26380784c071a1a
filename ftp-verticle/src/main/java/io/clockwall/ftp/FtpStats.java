package io.clockwall.ftp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one control address, shared by every verticle instance serving it (through {@link SharedAddress}).
 * What {@link FtpMetrics} reports. Any thread.
 */
final class FtpStats {

  /** Control connections open now (over the limits refused at once, so not counted). */
  final AtomicInteger sessions = new AtomicInteger();
  final LongAdder logins = new LongAdder();
  final LongAdder loginFailures = new LongAdder();
  /** Connections refused with 421 at once: maxConnections or maxConnectionsPerIp reached. */
  final LongAdder refused = new LongAdder();
  final LongAdder retrTransfers = new LongAdder();
  final LongAdder storTransfers = new LongAdder();
  final LongAdder retrBytes = new LongAdder();
  final LongAdder storBytes = new LongAdder();

  /** A transfer ended with 226. */
  void transferred(Direction direction) {
    (direction == Direction.RETR ? retrTransfers : storTransfers).increment();
  }

  /** Bytes of file content sent (RETR) or received (STOR, APPE). */
  void bytes(Direction direction, long bytes) {
    (direction == Direction.RETR ? retrBytes : storBytes).add(bytes);
  }

  /** The label of the transfer meters. */
  enum Direction {
    RETR, STOR;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
