package io.clockwall.ftp;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one control address, shared by every verticle instance serving it ({@code -instances N} share a
 * port; with port 0 each instance has a port and counters of its own). What {@link FtpMetrics} reports. Any thread.
 */
final class FtpStats implements Shareable {

  private static final String MAP = "clockwall.ftp.ports";

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

  private int holders;
  private int instances;
  private boolean announced;
  private FtpMetrics metrics;

  /** The counters of {@code key} ({@code host:port}), created by the first instance; null key: unshared. */
  static FtpStats acquire(Vertx vertx, String key) {
    synchronized (FtpStats.class) {
      FtpStats stats = null;
      if (key != null) {
        LocalMap<String, FtpStats> map = vertx.sharedData().getLocalMap(MAP);
        stats = map.get(key);
        if (stats == null) {
          stats = new FtpStats();
          map.put(key, stats);
        }
      }
      if (stats == null) {
        stats = new FtpStats();
      }
      stats.holders++;
      return stats;
    }
  }

  /** An instance is done with the counters; the last one removes them and their meters. */
  void release(Vertx vertx, String key) {
    FtpMetrics closing = null;
    synchronized (FtpStats.class) {
      if (--holders == 0) {
        if (key != null) {
          vertx.sharedData().<String, FtpStats>getLocalMap(MAP).remove(key);
        }
        closing = metrics;
        metrics = null;
      }
    }
    if (closing != null) {
      closing.close();
    }
  }

  /** True for the first instance listening: it registers the meters. */
  synchronized boolean announce() {
    boolean first = !announced;
    announced = true;
    return first;
  }

  /** 1, 2, ...: names the health checks of each instance. */
  synchronized int nextInstance() {
    return ++instances;
  }

  synchronized void metrics(FtpMetrics metrics) {
    this.metrics = metrics;
  }

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
