package io.clockwall.wall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;


/**
 * The wall's renderer on the event bus: consumes {@link Addresses#TICK} and {@link Addresses#STATE}, combines them
 * into one row per second with a {@link RowAssembler} and publishes each row on {@link Addresses#ROW}.
 */
final class WallRenderer {

  private static final long POLL_MS = 20;

  private final Vertx vertx;
  private final RowAssembler assembler;
  private final MessageConsumer<JsonObject> ticks;
  private final MessageConsumer<JsonObject> states;
  private final long timer;

  WallRenderer(Vertx vertx, WallConfig config) {
    this.vertx = vertx;
    EventBus bus = vertx.eventBus();
    this.assembler = new RowAssembler(config.rowDeadlineMs(), System.currentTimeMillis(),
        row -> bus.publish(Addresses.ROW, row));
    assembler.setColumns(config.clocks(), config.sort());
    assembler.setDisplay(config.hours(), config.workHours());
    this.ticks = bus.consumer(Addresses.TICK, m -> {
      JsonObject t = m.body();
      assembler.onHealth(t.getString("clock"), t.getLong("lateMs"), false, t.getLong("lateP99Ms"),
          t.getLong("reconnects", 0L));
      assembler.onTick(t.getString("clock"), t.getString("label"), t.getLong("receivedAt"),
          System.currentTimeMillis(), t.getBoolean("onConnect", false));
    });
    this.states = bus.consumer(Addresses.STATE, m -> {
      JsonObject s = m.body();
      assembler.onHealth(s.getString("clock"), null, true, s.getLong("lateP99Ms"), s.getLong("reconnects", 0L));
      assembler.onState(s.getString("clock"), ClockState.fromWire(s.getString("state")), s.getLong("invalidLines"),
          System.currentTimeMillis());
    });
    this.timer = vertx.setPeriodic(POLL_MS, id -> assembler.poll(System.currentTimeMillis()));
  }

  /** A new config: its clocks, sort, hours and working hours apply from the next row. */
  void apply(WallConfig config) {
    assembler.setColumns(config.clocks(), config.sort());
    assembler.setDisplay(config.hours(), config.workHours());
  }

  Future<Void> close() {
    vertx.cancelTimer(timer);
    return Future.all(ticks.unregister(), states.unregister()).mapEmpty();
  }
}
