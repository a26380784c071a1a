package io.clockwall.ftp;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test fixture: deploys an FtpVerticle on a free loopback port serving a temporary root. */
final class FtpTestServer {

  static final String USER = "alice";
  static final String PASSWORD = "s3cret pass";
  static final String READER = "bob";
  static final String READER_PASSWORD = "bobpw";

  private FtpTestServer() {
  }

  /** A config with a write user (alice), a read-only user (bob), anonymous on, fast login-failure delay. */
  static JsonObject config(Path root) {
    return new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("root", root.toString())
        .put("loginFailureDelayMs", 50)
        .put("users", new JsonArray()
            .add(new JsonObject().put("name", USER).put("passwordHash", hash(PASSWORD)).put("write", true))
            .add(new JsonObject().put("name", READER).put("passwordHash", hash(READER_PASSWORD)).put("write", false)));
  }

  static String hash(String password) {
    return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
  }

  /** Deploys {@code instances} instances sharing a free port (chosen here), as the jar does; returns the port. */
  static int deploy(Vertx vertx, JsonObject config, int instances) throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    vertx.deployVerticle(FtpVerticle::new, new DeploymentOptions().setConfig(config.copy().put("port", port))
        .setInstances(instances)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return port;
  }

  /** Deploys and returns the control port. */
  static int deploy(Vertx vertx, JsonObject config) throws Exception {
    FtpVerticle verticle = new FtpVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return verticle.actualPort();
  }
}
