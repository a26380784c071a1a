package io.clockwall.ftp;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every session of one verticle instance shares: config, jail, credentials, ports, the active-mode client, logs. */
final class FtpServices {

  static final Logger LOG = LoggerFactory.getLogger(FtpVerticle.class);

  final Vertx vertx;
  final FtpConfig config;
  final Jail jail;
  final Credentials credentials;
  final PassivePorts passivePorts;
  final NetClient activeClient;
  /** Counters of this address for the admin endpoint's meters. */
  final FtpStats stats;
  /**
   * Password checks (PBKDF2, about a tenth of a second each) run here, on as many threads as there are cores, so a
   * burst of logins never fills the worker pool that jail checks use (CWD, RETR, ... stay fast meanwhile).
   */
  final WorkerExecutor passwordWorkers;
  /** At most one line a second per kind of event, whatever a flood does. */
  final RateLimitedLog refusedConnections = new RateLimitedLog(LOG, 1000);
  final RateLimitedLog failedLogins = new RateLimitedLog(LOG, 1000);
  final RateLimitedLog refusedData = new RateLimitedLog(LOG, 1000);
  final RateLimitedLog badRequests = new RateLimitedLog(LOG, 1000);
  final RateLimitedLog localErrors = new RateLimitedLog(LOG, 1000);

  FtpServices(Vertx vertx, FtpConfig config, Credentials credentials, NetClient activeClient, FtpStats stats) {
    this.vertx = vertx;
    this.config = config;
    this.jail = new Jail(config.root());
    this.credentials = credentials;
    this.passivePorts = new PassivePorts(vertx, config);
    this.activeClient = activeClient;
    this.stats = stats;
    this.passwordWorkers = vertx.createSharedWorkerExecutor("clockwall-ftp-passwords",
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }
}
