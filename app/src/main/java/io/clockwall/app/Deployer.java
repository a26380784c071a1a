package io.clockwall.app;

import io.clockwall.runtime.OneLine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a {@link DeploymentPlan} (its config) in order, each unit after the previous one is up. The units are
 * child deployments: undeploying the Deployer undeploys them all.
 */
public class Deployer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(Deployer.class);

  @Override
  public Future<?> start() {
    DeploymentPlan plan;
    try {
      plan = DeploymentPlan.fromJson(config());
    } catch (DeploymentException e) {
      return Future.failedFuture(e);
    }
    Future<Void> chain = Future.succeededFuture();
    for (DeploymentPlan.Unit unit : plan.units()) {
      chain = chain.compose(v -> deploy(unit));
    }
    return chain;
  }

  /** A unit that did not start; a config error among its causes makes it exit code 2, as from its own jar. */
  static final class UnitFailedException extends RuntimeException {
    UnitFailedException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private Future<Void> deploy(DeploymentPlan.Unit unit) {
    return vertx.deployVerticle(unit.verticle(), unit.options())
      .<Void>map(id -> {
        log.info("deployed {} ({} x{})", unit.name(), unit.verticle(), unit.instances());
        return null;
      })
      .recover(err -> Future.failedFuture(new UnitFailedException(unit.name() + ": " + OneLine.of(err), err)));
  }
}
