package io.clockwall.ftp;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session of one verticle instance uses: config, jail, the active-mode client, and the state of its
 * address that all instances share ({@link SharedAddress}: credentials, counters, logs).
 */
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
  /** The bytes all uploads of this address may hold in memory at once. */
  final UploadBudget uploads;
  /**
   * Password checks (PBKDF2, about a tenth of a second each) run here, on as many threads as there are cores, so a
   * burst of logins never fills the worker pool that jail checks use (CWD, RETR, ... stay fast meanwhile). One pool
   * per process: Vert.x shares a worker executor by its name.
   */
  final WorkerExecutor passwordWorkers;
  /** At most one line a second per kind of event, whatever a flood does (shared by the address's instances). */
  final RateLimitedLog refusedConnections;
  final RateLimitedLog failedLogins;
  final RateLimitedLog refusedData;
  final RateLimitedLog badRequests;
  final RateLimitedLog localErrors;

  FtpServices(Vertx vertx, FtpConfig config, SharedAddress shared, NetClient activeClient) {
    this.vertx = vertx;
    this.config = config;
    this.jail = new Jail(config.root());
    this.credentials = shared.credentials;
    this.passivePorts = new PassivePorts(vertx, config);
    this.activeClient = activeClient;
    this.stats = shared.stats;
    this.uploads = shared.uploads;
    this.refusedConnections = shared.refusedConnections;
    this.failedLogins = shared.failedLogins;
    this.refusedData = shared.refusedData;
    this.badRequests = shared.badRequests;
    this.localErrors = shared.localErrors;
    this.passwordWorkers = vertx.createSharedWorkerExecutor("clockwall-ftp-passwords",
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }
}
