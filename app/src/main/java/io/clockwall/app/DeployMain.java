package io.clockwall.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import sun.misc.Signal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar clockwall.jar [deployment-file]}: runs every verticle a deployment file lists in this one
 * process (default {@code conf/local.json}: three zoned clocks and the wall). Exit codes: 2 for a bad deployment
 * file or config, 1 when a verticle fails to start (a busy port, say), 0 after SIGINT/SIGTERM.
 */
public final class DeployMain {

  static final String DEFAULT_FILE = "conf/local.json";
  static final String USAGE = "usage: clockwall [deployment-file]   (JSON or YAML; default " + DEFAULT_FILE + ")";

  private DeployMain() {
  }

  public static void main(String[] args) {
    if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
      boolean help = args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"));
      (help ? System.out : System.err).println(USAGE);
      System.exit(help ? 0 : 2);
    }
    Path file = Path.of(args.length == 1 ? args[0] : DEFAULT_FILE);
    // The native epoll transport (bundled with the clock) costs the clocks less CPU per client; NIO where unavailable.
    Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    DeploymentPlan plan = await(vertx, DeploymentFile.load(vertx, file), 2);
    await(vertx, vertx.deployVerticle(new Deployer(), new DeploymentOptions().setConfig(plan.toJson())), 1);
    // SIGINT/SIGTERM are how a user stops the wall, not a failure: exit 0 (the JVM's own code would be 130/143).
    // Exiting runs the hook below, which undeploys everything: clients closed, the terminal restored.
    for (String signal : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(signal), s -> System.exit(0));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the JVM is going down either way
      }
    }, "clockwall-shutdown"));
  }

  /** Waits for a start-up step; on failure prints its one-line cause, closes Vert.x and exits with the code. */
  private static <T> T await(Vertx vertx, Future<T> step, int exitCode) {
    try {
      return step.await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      System.err.println("clockwall: " + DeploymentFile.firstLine(e));
      vertx.close().await();
      System.exit(exitCode);
      throw new IllegalStateException("unreachable");
    }
  }
}
