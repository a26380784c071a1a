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
 * or {@code maxConnectionsPerIp} get 421 and are closed.
 *
 * <p>Deploy one instance per core ({@code -instances N}; the jar does so by default): the instances share the port,
 * Vert.x hands each new control connection to the next instance, and each runs its sessions on its own event loop.
 * The limits, counters, logs and credentials belong to the address and are shared ({@link SharedAddress}); passive
 * ports are claimed in a map of the whole process ({@link PassivePorts}).
 *
 * <p>Reports to the process's admin endpoint ({@link AdminRegistry}): health checks per instance ({@link FtpHealth})
 * and, when metrics are on, the meters of its address ({@link FtpMetrics}); both are removed on undeploy.
 */
public class FtpVerticle extends VerticleBase {

  private NetServer server;
  private NetClient activeClient;
  private FtpServices services;
  private String addressKey;
  private SharedAddress shared;
  private FtpHealth health;

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> FtpConfig.from(config())).compose(config -> {
      activeClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000)
          .setIdleTimeout(config.idleTimeoutSeconds()));
      // Instances sharing a port (-instances N) share its state; with port 0 each has a port of its own.
      addressKey = config.port() == 0 ? null : config.host() + ":" + config.port();
      shared = SharedAddress.acquire(vertx, addressKey, config);
      services = new FtpServices(vertx, config, shared, activeClient);
      server = vertx.createNetServer(new NetServerOptions().setHost(config.host()).setPort(config.port()));
      server.connectHandler(this::connected);
      return server.listen()
          .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on " + config.host() + ":"
              + config.port() + ": " + OneLine.of(e), e)))
          .onFailure(e -> {
            shared.release(vertx, addressKey); // no stop() after a failed start
            shared = null;
          })
          .onSuccess(s -> registerAdmin(config, s.actualPort()))
          .onSuccess(s -> FtpServices.LOG.info("ftp server listening on {}:{}, root {}, anonymous {}, {} user(s)",
              config.host(), s.actualPort(), config.root(), config.anonymous() ? "read-only" : "off",
              config.users().size()));
    });
  }

  private void registerAdmin(FtpConfig config, int port) {
    boolean first = shared.announce();
    health = new FtpHealth(vertx, "ftp-" + port + "-" + shared.nextInstance(), shared.limits, config.maxConnections());
    if (first) {
      AdminRegistry.of(vertx).meters().ifPresent(registry -> shared.metrics(
          new FtpMetrics(registry, shared.stats, shared.uploads, port)));
      services.passwordWorkers.executeBlocking(() -> {
        shared.credentials.prepare();
        return null;
      }, false);
    }
  }

  /** The port the control server listens on (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void connected(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    SharedAddress address = shared;
    String refusal = address.limits.acquire(ip);
    if (refusal != null) {
      address.stats.refused.increment();
      services.refusedConnections.warn("refused a connection from " + ip + ": " + refusal);
      socket.write(Buffer.buffer("421 " + refusal + "\r\n")).onComplete(ar -> socket.close());
      return;
    }
    address.stats.sessions.incrementAndGet();
    new FtpSession(services, socket).start(() -> {
      address.limits.release(ip);
      address.stats.sessions.decrementAndGet();
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
          if (shared != null) {
            shared.release(vertx, addressKey);
            shared = null;
          }
          return Future.succeededFuture();
        });
  }
}
