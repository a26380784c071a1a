package io.clockwall.ftp;

import io.clockwall.runtime.AdminRegistry;
import io.clockwall.runtime.OneLine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The FTP server (gopl.io exercise 8.2): a Vert.x NetServer for control connections, one {@link FtpSession} each;
 * files through the Vert.x file system. Config keys: see {@link FtpConfig}. Connections over {@code maxConnections}
 * or {@code maxConnectionsPerIp} get 421 and are closed. Limits count per verticle instance.
 *
 * <p>Reports to the process's admin endpoint ({@link AdminRegistry}): health checks per instance ({@link FtpHealth})
 * and, when metrics are on, the meters of its address ({@link FtpMetrics}); both are removed on undeploy.
 */
public class FtpVerticle extends VerticleBase {

  private record Prepared(FtpConfig config, Credentials credentials) {
  }

  private NetServer server;
  private NetClient activeClient;
  private FtpServices services;
  private ConnectionLimits limits;
  private String statsKey;
  private FtpStats stats;
  private FtpHealth health;

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> {
      FtpConfig config = FtpConfig.from(config());
      return new Prepared(config, new Credentials(config));
    }).compose(prepared -> {
      FtpConfig config = prepared.config();
      activeClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000)
          .setIdleTimeout(config.idleTimeoutSeconds()));
      // Instances sharing a port (-instances N) share its counters; with port 0 each has a port of its own.
      statsKey = config.port() == 0 ? null : config.host() + ":" + config.port();
      stats = FtpStats.acquire(vertx, statsKey);
      services = new FtpServices(vertx, config, prepared.credentials(), activeClient, stats);
      limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp());
      server = vertx.createNetServer(new NetServerOptions().setHost(config.host()).setPort(config.port()));
      server.connectHandler(this::connected);
      return server.listen()
          .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on " + config.host() + ":"
              + config.port() + ": " + OneLine.of(e), e)))
          .onFailure(e -> {
            stats.release(vertx, statsKey); // no stop() after a failed start
            stats = null;
          })
          .onSuccess(s -> registerAdmin(config, s.actualPort()))
          .onSuccess(s -> services.passwordWorkers.executeBlocking(() -> {
            services.credentials.prepare();
            return null;
          }, false))
          .onSuccess(s -> FtpServices.LOG.info("ftp server listening on {}:{}, root {}, anonymous {}, {} user(s)",
              config.host(), s.actualPort(), config.root(), config.anonymous() ? "read-only" : "off",
              config.users().size()));
    });
  }

  private void registerAdmin(FtpConfig config, int port) {
    boolean first = stats.announce();
    health = new FtpHealth(vertx, "ftp-" + port + "-" + stats.nextInstance(), limits, config.maxConnections());
    if (first) {
      AdminRegistry.of(vertx).meters().ifPresent(registry -> stats.metrics(new FtpMetrics(registry, stats, port)));
    }
  }

  /** The port the control server listens on (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void connected(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    String refusal = limits.acquire(ip);
    if (refusal != null) {
      stats.refused.increment();
      services.refusedConnections.warn("refused a connection from " + ip + ": " + refusal);
      socket.write(Buffer.buffer("421 " + refusal + "\r\n")).onComplete(ar -> socket.close());
      return;
    }
    FtpStats counted = stats;
    counted.sessions.incrementAndGet();
    new FtpSession(services, socket).start(() -> {
      limits.release(ip);
      counted.sessions.decrementAndGet();
    });
  }

  @Override
  public Future<?> stop() {
    if (health != null) {
      health.close();
    }
    Future<Void> closing = server != null ? server.close() : Future.succeededFuture();
    return closing
        .eventually(() -> services != null ? services.passwordWorkers.close() : Future.succeededFuture())
        .eventually(() -> activeClient != null ? activeClient.close() : Future.succeededFuture())
        .eventually(() -> {
          if (stats != null) {
            stats.release(vertx, statsKey);
            stats = null;
          }
          return Future.succeededFuture();
        });
  }
}
