package io.clockwall.wall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One clock server, followed forever: connect, frame lines with a {@link RecordParser}, publish every valid label on
 * {@link Addresses#TICK} and every state change on {@link Addresses#STATE}; reconnect after a failed connect or a
 * drop with capped exponential backoff and jitter; close and reconnect a connection that sends nothing for
 * {@code hungAfterMs}.
 *
 * <p>Nothing a server sends reaches the terminal unless it is a valid label ({@link Labels}), ended by {@code \n} (a
 * {@code \r} before it is dropped). Anything else counts as an invalid line. The parser never holds more than
 * {@code maxLineLength + 1} bytes plus one read: an overlong line is counted and its connection closed, so memory
 * stays bounded whatever the server sends. A server that sends lines faster than a clock does ({@link FloodMeter})
 * is marked flooding, disconnected, and retried with backoff: the wall reads no more of it than a clock sends.
 *
 * <p>Why a clock is down (refused, unresolvable, reset, closed by the server) is logged once per change of reason,
 * not once per retry.
 *
 * <p>Single-threaded: every method runs on the owning verticle's event loop.
 */
final class ClockConnection {

  private static final Logger log = LoggerFactory.getLogger(ClockConnection.class);
  private static final long PUBLISH_INTERVAL_MS = 100;
  private static final long INVALID_LOG_INTERVAL_MS = 10_000;
  /** A clock marked flooding is live again after a connection this long without a flood. */
  private static final long CALM_AFTER_FLOOD_MS = 2_000;

  private final Vertx vertx;
  private final NetClient client;
  private final ClockSpec spec;
  private final ClockTimings timings;
  private final EventBus bus;

  private ClockState state = ClockState.CONNECTING;
  private NetSocket socket;
  private boolean stopped;
  private boolean closingOnPurpose;
  private long reconnectTimer = -1;
  private int attempt;

  private long connectedAt;
  private long lastDataAt;
  private long lastLineAt;
  private int bytesSinceNewline;
  private String lastLabel;
  private FloodMeter flood;
  private String downReason;
  private String loggedDownReason;

  private long invalidLines;
  private long invalidLinesPublished;
  private long lastInvalidLogAt = Long.MIN_VALUE / 2;
  private long invalidSinceLog;

  private String pendingTick;
  private long pendingTickAt;
  private long lastTickPublishedAt = Long.MIN_VALUE / 2;
  private long lastStatePublishedAt = Long.MIN_VALUE / 2;

  ClockConnection(Vertx vertx, NetClient client, ClockSpec spec, ClockTimings timings) {
    this.vertx = vertx;
    this.client = client;
    this.spec = spec;
    this.timings = timings;
    this.bus = vertx.eventBus();
  }

  void start() {
    publishState(System.currentTimeMillis());
    connect();
  }

  /** Closes the connection and stops reconnecting. */
  Future<Void> stop() {
    stopped = true;
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
    NetSocket s = socket;
    socket = null;
    return s == null ? Future.succeededFuture() : s.close().otherwiseEmpty();
  }

  private void connect() {
    reconnectTimer = -1;
    if (stopped) {
      return;
    }
    client.connect(spec.port(), spec.host()).onComplete(ar -> {
      if (stopped) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.succeeded()) {
        onConnected(ar.result());
      } else {
        goDown(DownReasons.ofConnect(ar.cause()), System.currentTimeMillis());
        scheduleReconnect();
      }
    });
  }

  private void onConnected(NetSocket s) {
    long now = System.currentTimeMillis();
    socket = s;
    closingOnPurpose = false;
    connectedAt = now;
    lastDataAt = now;
    bytesSinceNewline = 0;
    flood = new FloodMeter(now);
    downReason = null;
    log.debug("clock {}: connected to {}:{}", spec.name(), spec.host(), spec.port());
    if (state == ClockState.DOWN) {
      setState(ClockState.CONNECTING, now);
    }
    RecordParser parser = RecordParser.newDelimited("\n", this::onLine);
    parser.maxRecordSize(timings.maxLineLength() + 1);
    parser.exceptionHandler(e -> onOverlongLine(s));
    s.handler(data -> onData(s, parser, data));
    s.exceptionHandler(e -> {
      log.debug("clock {}: connection error: {}", spec.name(), e.getMessage());
      if (s == socket) {
        downReason = DownReasons.ofConnection(e);
      }
    });
    s.closeHandler(v -> onClosed(s));
  }

  private void onData(NetSocket s, RecordParser parser, Buffer data) {
    if (s != socket || closingOnPurpose) {
      return;
    }
    lastDataAt = System.currentTimeMillis();
    int lastNewline = -1;
    for (int i = data.length() - 1; i >= 0; i--) {
      if (data.getByte(i) == '\n') {
        lastNewline = i;
        break;
      }
    }
    bytesSinceNewline = lastNewline < 0 ? bytesSinceNewline + data.length() : data.length() - lastNewline - 1;
    parser.handle(data);
  }

  private void onLine(Buffer line) {
    if (closingOnPurpose || socket == null) {
      return; // the rest of a read that arrived before the close
    }
    long now = System.currentTimeMillis();
    lastLineAt = now;
    if (!flood.allow(now)) {
      onFlood(now);
      return;
    }
    int length = line.length();
    if (length > 0 && line.getByte(length - 1) == '\r') {
      length--;
    }
    String problem = Labels.problem(line, length);
    if (problem != null) {
      onInvalid(now, problem);
      return;
    }
    String label = line.getString(0, length, "US-ASCII");
    lastLabel = label;
    if (state == ClockState.FLOODING) {
      return; // live again only after a calm while: see check()
    }
    attempt = 0;
    setState(ClockState.LIVE, now);
    pendingTick = label;
    pendingTickAt = now;
    if (now - lastTickPublishedAt >= PUBLISH_INTERVAL_MS) {
      flushTick(now);
    }
  }

  private void onOverlongLine(NetSocket s) {
    if (s != socket) {
      return;
    }
    bytesSinceNewline = 0;
    onInvalid(System.currentTimeMillis(), "line longer than " + timings.maxLineLength() + " bytes, reconnecting");
    closeOnPurpose();
  }

  private void onFlood(long now) {
    if (state != ClockState.FLOODING) {
      log.warn("clock {}: {}:{} sends more than {} lines a second; disconnected, retrying with backoff",
          spec.name(), spec.host(), spec.port(), FloodMeter.PER_SECOND);
      setState(ClockState.FLOODING, now);
    }
    closeOnPurpose();
  }

  private void onInvalid(long now, String why) {
    invalidLines++;
    invalidSinceLog++;
    if (now - lastInvalidLogAt >= INVALID_LOG_INTERVAL_MS) {
      log.warn("clock {}: {} invalid line(s) ({}), {} in total", spec.name(), invalidSinceLog, why, invalidLines);
      lastInvalidLogAt = now;
      invalidSinceLog = 0;
    }
    if (state == ClockState.FLOODING) {
      return; // a flooding clock stays marked as such
    }
    if (state != ClockState.INVALID) {
      setState(ClockState.INVALID, now);
    } else if (now - lastStatePublishedAt >= PUBLISH_INTERVAL_MS) {
      publishState(now);
    }
  }

  private void onClosed(NetSocket s) {
    if (s != socket) {
      return;
    }
    socket = null;
    long now = System.currentTimeMillis();
    if (bytesSinceNewline > 0 && !closingOnPurpose) {
      onInvalid(now, "last line had no newline");
    }
    bytesSinceNewline = 0;
    if (stopped) {
      return;
    }
    if (closingOnPurpose) {
      closingOnPurpose = false;
    } else {
      goDown(downReason != null ? downReason : "closed by the server", now);
    }
    scheduleReconnect();
  }

  /**
   * Down, and why: logged when the reason differs from the last one logged since the clock was last live, so a
   * clock that stays down is one line, not one per retry.
   */
  private void goDown(String reason, long now) {
    if (!reason.equals(loggedDownReason)) {
      log.warn("clock {}: down: {} ({}:{})", spec.name(), reason, spec.host(), spec.port());
      loggedDownReason = reason;
    }
    if (state == ClockState.FLOODING) {
      return; // stays marked until a connection is calm
    }
    setState(ClockState.DOWN, now);
  }

  private void closeOnPurpose() {
    if (socket != null && !closingOnPurpose) {
      closingOnPurpose = true;
      socket.close();
    }
  }

  private void scheduleReconnect() {
    if (stopped || reconnectTimer >= 0) {
      return;
    }
    long delay = backoff(attempt++, timings.backoffInitialMs(), timings.backoffMaxMs());
    reconnectTimer = vertx.setTimer(delay, id -> connect());
  }

  /** Capped exponential backoff with "equal jitter": a delay in [base/2, base], base = initial * 2^attempt. */
  static long backoff(int attempt, long initialMs, long maxMs) {
    long base = initialMs << Math.min(attempt, 20);
    if (base <= 0 || base > maxMs) {
      base = maxMs;
    }
    long half = base / 2;
    return base - half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  /** Called by the wall's watchdog every ~100 ms: staleness, hung connections, coalesced publications. */
  void check(long now) {
    if (stopped) {
      return;
    }
    if (pendingTick != null && now - lastTickPublishedAt >= PUBLISH_INTERVAL_MS) {
      flushTick(now);
    }
    if (invalidLines != invalidLinesPublished && now - lastStatePublishedAt >= PUBLISH_INTERVAL_MS) {
      publishState(now);
    }
    if (socket == null) {
      return;
    }
    long heardAt = Math.max(lastLineAt, connectedAt);
    if (state == ClockState.FLOODING && lastLineAt > connectedAt && now - connectedAt >= CALM_AFTER_FLOOD_MS) {
      attempt = 0;
      setState(ClockState.LIVE, now);
    }
    if (state != ClockState.STALE && state != ClockState.FLOODING && now - heardAt > timings.staleAfterMs()) {
      setState(ClockState.STALE, now);
    }
    if (now - lastDataAt > timings.hungAfterMs()) {
      log.warn("clock {}: no data from {}:{} for {} ms, reconnecting", spec.name(), spec.host(), spec.port(),
          now - lastDataAt);
      closeOnPurpose();
    }
  }

  private void flushTick(long now) {
    String label = pendingTick;
    pendingTick = null;
    lastTickPublishedAt = now;
    bus.publish(Addresses.TICK, new JsonObject()
        .put("clock", spec.name())
        .put("label", label)
        .put("receivedAt", pendingTickAt));
  }

  private void setState(ClockState next, long now) {
    if (next == state) {
      return;
    }
    log.debug("clock {}: {} -> {}", spec.name(), state.wireName(), next.wireName());
    if (next == ClockState.LIVE && loggedDownReason != null) {
      log.info("clock {}: live again", spec.name());
      loggedDownReason = null;
    }
    state = next;
    if (pendingTick != null) {
      flushTick(now);
    }
    publishState(now);
  }

  private void publishState(long now) {
    lastStatePublishedAt = now;
    invalidLinesPublished = invalidLines;
    bus.publish(Addresses.STATE, new JsonObject()
        .put("clock", spec.name())
        .put("state", state.wireName())
        .put("label", lastLabel)
        .put("invalidLines", invalidLines)
        .put("at", now));
  }
}
