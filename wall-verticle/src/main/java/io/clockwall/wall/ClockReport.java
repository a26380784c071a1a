package io.clockwall.wall;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the wall knows of one clock, published on the event bus: every valid label on {@link Addresses#TICK} and
 * every state change on {@link Addresses#STATE}, at most one of each per {@value #PUBLISH_INTERVAL_MS} ms (the
 * latest label wins), and invalid lines counted and logged at most once per 10 s. Also read by the wall's meters.
 * Single-threaded: the owning verticle's event loop (the meters read its volatile fields from any thread).
 */
final class ClockReport {

  private static final Logger log = LoggerFactory.getLogger(ClockReport.class);
  static final long PUBLISH_INTERVAL_MS = 100;
  private static final long INVALID_LOG_INTERVAL_MS = 10_000;

  private final String name;
  private final java.time.ZoneId zone;
  private final EventBus bus;

  private volatile ClockState state = ClockState.CONNECTING;
  private String lastLabel;
  private volatile long lastLabelAt;
  private volatile double lagSeconds = Double.NaN;
  private volatile double skewSeconds = Double.NaN;
  private volatile long reconnects;
  private volatile long invalidLines;
  private long invalidLinesPublished;
  private long reconnectsPublished;
  private final Lateness lateness = new Lateness();
  private long lastInvalidLogAt = Long.MIN_VALUE / 2;
  private long invalidSinceLog;
  private String pendingTick;
  private long pendingTickAt;
  private boolean lastLabelOnConnect;
  private boolean pendingTickOnConnect;
  private long lastTickPublishedAt = Long.MIN_VALUE / 2;
  private long lastStatePublishedAt = Long.MIN_VALUE / 2;

  ClockReport(String name, EventBus bus) {
    this(name, null, bus);
  }

  /** @param zone the clock's configured zone, or null: its labels are then checked against every real offset */
  ClockReport(String name, java.time.ZoneId zone, EventBus bus) {
    this.name = name;
    this.zone = zone;
    this.bus = bus;
  }

  /**
   * How far the last label was from the right time, in seconds (positive: ahead): against this machine's time in the
   * clock's zone when it is known, else against the nearest real offset; 0 when on time, NaN when unknown.
   */
  double skewSeconds() {
    return skewSeconds;
  }

  ClockState state() {
    return state;
  }

  long invalidLines() {
    return invalidLines;
  }

  long reconnects() {
    return reconnects;
  }

  /** The last valid label and when it arrived (epoch ms), or null. */
  String lastLabel() {
    return lastLabel;
  }

  long lastLabelAt() {
    return lastLabelAt;
  }

  /**
   * Arrival of the last label minus the start of the second it names, by this machine's clock, in the zone the
   * label fits best; NaN when unknown (no label yet, or not {@code HH:mm:ss}).
   */
  double lagSeconds() {
    return lagSeconds;
  }

  void reconnected() {
    reconnects++;
  }

  /** The lateness of the last label in ms (null when unknown), and its p99 over the last minute (null if none). */
  Long lateMs() {
    return lateness.last();
  }

  Long lateP99Ms(long now) {
    return lateness.p99(now);
  }

  /**
   * A valid label arrived: it is the clock's last label from now on (also in the state messages). The first label of
   * a connection is written when the connection opens (clock2 does so), not on a tick: it says nothing of the
   * clock's lateness and is left out of it.
   */
  void heard(String label, long now, boolean firstOfConnection) {
    lastLabel = label;
    lastLabelAt = now;
    Long lag = Offsets.lagMillis(label, now);
    lagSeconds = lag == null ? Double.NaN : lag / 1000.0;
    lastLabelOnConnect = firstOfConnection;
    if (lag == null) {
      skewSeconds = Double.NaN;
    } else if (!firstOfConnection) { // sent on connect, perhaps read late (a busy wall): no measure of the clock
      Integer skew = zone != null ? ZoneFacts.offSeconds(zone, label, now) : Offsets.skewSeconds(label, now);
      skewSeconds = skew == null ? 0 : skew;
    }
    if (!firstOfConnection) {
      lateness.add(lag, now);
    }
  }

  /** Publishes the last label heard as a tick (once its state is published: a row shows the two together). */
  void tick(long now) {
    pendingTick = lastLabel;
    pendingTickAt = lastLabelAt;
    pendingTickOnConnect = lastLabelOnConnect;
    if (now - lastTickPublishedAt >= PUBLISH_INTERVAL_MS) {
      flushTick(now);
    }
  }

  void invalid(String why, long now) {
    invalidLines++;
    invalidSinceLog++;
    if (now - lastInvalidLogAt >= INVALID_LOG_INTERVAL_MS) {
      log.warn("clock {}: {} invalid line(s) ({}), {} in total", name, invalidSinceLog, why, invalidLines);
      lastInvalidLogAt = now;
      invalidSinceLog = 0;
    }
  }

  void state(ClockState next, long now) {
    if (next == state) {
      if (countersChanged() && now - lastStatePublishedAt >= PUBLISH_INTERVAL_MS) {
        publishState(now);
      }
      return;
    }
    log.debug("clock {}: {} -> {}", name, state.wireName(), next.wireName());
    state = next;
    if (pendingTick != null) {
      flushTick(now);
    }
    publishState(now);
  }

  /** Time passes: coalesced publications go out. */
  void flush(long now) {
    if (pendingTick != null && now - lastTickPublishedAt >= PUBLISH_INTERVAL_MS) {
      flushTick(now);
    }
    if (countersChanged() && now - lastStatePublishedAt >= PUBLISH_INTERVAL_MS) {
      publishState(now);
    }
  }

  private boolean countersChanged() {
    return invalidLines != invalidLinesPublished || reconnects != reconnectsPublished;
  }

  void publishState(long now) {
    lastStatePublishedAt = now;
    invalidLinesPublished = invalidLines;
    reconnectsPublished = reconnects;
    bus.publish(Addresses.STATE, new JsonObject()
        .put("clock", name)
        .put("state", state.wireName())
        .put("label", lastLabel)
        .put("invalidLines", invalidLines)
        .put("reconnects", reconnects)
        .put("lateP99Ms", lateness.p99(now))
        .put("at", now));
  }

  private void flushTick(long now) {
    String label = pendingTick;
    pendingTick = null;
    lastTickPublishedAt = now;
    bus.publish(Addresses.TICK, new JsonObject()
        .put("clock", name)
        .put("label", label)
        .put("receivedAt", pendingTickAt)
        .put("onConnect", pendingTickOnConnect)
        .put("lateMs", lateness.last())
        .put("lateP99Ms", lateness.p99(now))
        .put("reconnects", reconnects));
  }
}
