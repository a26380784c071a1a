package io.clockwall.ftp;

import io.clockwall.runtime.ConnectionLimits;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * What every verticle instance serving one control address ({@code host:port}) shares: Vert.x round-robins the
 * connections of a port among the instances listening on it (one per event loop), so the limits, counters, logs and
 * credentials belong to the address, not to an instance. Kept in a local map, created by the first instance, removed
 * by the last. With port 0 each instance listens on a port of its own and has a state of its own. Any thread: the
 * limits and logs are synchronized, the counters atomic.
 */
final class SharedAddress implements Shareable {

  private static final String MAP = "clockwall.ftp.addresses";

  final FtpStats stats = new FtpStats();
  final ConnectionLimits limits;
  final Credentials credentials;
  final UploadBudget uploads;
  /** At most one line a second per kind of event, whatever a flood does, over all instances. */
  final RateLimitedLog refusedConnections = new RateLimitedLog(FtpServices.LOG, 1000);
  final RateLimitedLog failedLogins = new RateLimitedLog(FtpServices.LOG, 1000);
  final RateLimitedLog refusedData = new RateLimitedLog(FtpServices.LOG, 1000);
  final RateLimitedLog badRequests = new RateLimitedLog(FtpServices.LOG, 1000);
  final RateLimitedLog localErrors = new RateLimitedLog(FtpServices.LOG, 1000);

  private int holders;
  private int instances;
  private boolean announced;
  private FtpMetrics metrics;

  private SharedAddress(FtpConfig config) {
    this.limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp());
    this.credentials = new Credentials(config);
    this.uploads = new UploadBudget(config.uploadBufferMb() * 1024L * 1024);
  }

  /** The state of {@code key} ({@code host:port}), created from {@code config} by the first instance; null key: unshared. */
  static SharedAddress acquire(Vertx vertx, String key, FtpConfig config) {
    synchronized (SharedAddress.class) {
      SharedAddress shared = null;
      if (key != null) {
        LocalMap<String, SharedAddress> map = vertx.sharedData().getLocalMap(MAP);
        shared = map.get(key);
        if (shared == null) {
          shared = new SharedAddress(config);
          map.put(key, shared);
        }
      }
      if (shared == null) {
        shared = new SharedAddress(config);
      }
      shared.holders++;
      return shared;
    }
  }

  /** An instance is done with the address; the last one removes it and its meters. */
  void release(Vertx vertx, String key) {
    FtpMetrics closing = null;
    synchronized (SharedAddress.class) {
      if (--holders == 0) {
        if (key != null) {
          vertx.sharedData().<String, SharedAddress>getLocalMap(MAP).remove(key);
        }
        closing = metrics;
        metrics = null;
      }
    }
    if (closing != null) {
      closing.close();
    }
  }

  /** True for the first instance listening: it registers the meters and prepares the credentials. */
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
}
