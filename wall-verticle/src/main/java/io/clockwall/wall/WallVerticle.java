package io.clockwall.wall;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Placeholder: replaced by the real clock wall. */
public class WallVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
