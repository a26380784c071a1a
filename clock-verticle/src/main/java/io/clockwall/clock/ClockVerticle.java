package io.clockwall.clock;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Placeholder: replaced by the real clock server. */
public class ClockVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
