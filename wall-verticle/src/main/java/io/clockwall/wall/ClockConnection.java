package io.clockwall.wall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One clock server, followed forever: connect, read its lines ({@link LineIntake}), report what it says
 * ({@link ClockReport}); reconnect after a failed connect or a drop with capped exponential backoff and jitter.
 *
 * <ul>
 *   <li>A connection that sends nothing for {@code hungAfterMs} is closed by the client's read-idle timeout
 *   ({@code NetClientOptions}) and opened again; its cell shows stale meanwhile, not down.</li>
 *   <li>A server that sends lines faster than a clock does is marked flooding, disconnected and retried with
 *   backoff (the wall reads no more of it than a clock sends); it is live again after a calm connection.</li>
 *   <li>An overlong line closes the connection.</li>
 *   <li>Why a clock is down (refused, unresolvable, reset, closed by the server) is logged once per change of
 *   reason, not once per retry.</li>
 * </ul>
 *
 * <p>Single-threaded: every method runs on the owning verticle's event loop.
 */
final class ClockConnection implements LineIntake.Lines {

  private static final Logger log = LoggerFactory.getLogger(ClockConnection.class);
  /** A clock marked flooding is live again after a connection this long without a flood. */
  private static final long CALM_AFTER_FLOOD_MS = 2_000;

  private final Vertx vertx;
  private final NetClient client;
  private final ClockSpec spec;
  private final ClockTimings timings;
  private final ClockReport report;

  private NetSocket socket;
  private LineIntake intake;
  private boolean stopped;
  private boolean closingOnPurpose;
  private long reconnectTimer = -1;
  private int attempt;
  private long connectedAt;
  private long lastLineAt;
  private String downReason;
  private String loggedDownReason;

  ClockConnection(Vertx vertx, NetClient client, ClockSpec spec, ClockTimings timings, ClockReport report) {
    this.vertx = vertx;
    this.client = client;
    this.spec = spec;
    this.timings = timings;
    this.report = report;
  }

  void start() {
    report.publishState(System.currentTimeMillis());
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
    if (intake != null) {
      intake.stop();
    }
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
        scheduleReconnect(); // first: the down state goes out with the reconnect it counts
        goDown(DownReasons.ofConnect(ar.cause()), System.currentTimeMillis());
      }
    });
  }

  private void onConnected(NetSocket s) {
    long now = System.currentTimeMillis();
    socket = s;
    closingOnPurpose = false;
    connectedAt = now;
    downReason = null;
    log.debug("clock {}: connected to {}:{}", spec.name(), spec.host(), spec.port());
    if (report.state() == ClockState.DOWN) {
      report.state(ClockState.CONNECTING, now);
    }
    intake = new LineIntake(s, timings.maxLineLength(), now, this);
    s.exceptionHandler(e -> {
      log.debug("clock {}: connection error: {}", spec.name(), e.getMessage());
      if (s == socket) {
        downReason = DownReasons.ofConnection(e);
      }
    });
    s.closeHandler(v -> onClosed(s));
  }

  @Override
  public void label(String label, long now) {
    boolean first = lastLineAt < connectedAt;
    lastLineAt = now;
    report.heard(label, now, first);
    if (report.state() != ClockState.FLOODING) { // live again only after a calm while: see check()
      attempt = 0;
      setState(ClockState.LIVE, now);
    }
    report.tick(now);
  }

  @Override
  public void invalid(String why, long now) {
    lastLineAt = now;
    report.invalid(why, now);
    if (report.state() != ClockState.FLOODING) { // a flooding clock stays marked as such
      report.state(ClockState.INVALID, now);
    }
  }

  @Override
  public void flood(long now) {
    if (report.state() != ClockState.FLOODING) {
      log.warn("clock {}: {}:{} sends more than {} lines a second; disconnected, retrying with backoff",
          spec.name(), spec.host(), spec.port(), FloodMeter.PER_SECOND);
      report.state(ClockState.FLOODING, now);
    }
    closeOnPurpose();
  }

  @Override
  public void overlong(long now) {
    invalid("line longer than " + timings.maxLineLength() + " bytes, reconnecting", now);
    closeOnPurpose();
  }

  private void onClosed(NetSocket s) {
    if (s != socket) {
      return;
    }
    socket = null;
    long now = System.currentTimeMillis();
    if (intake.partialLine()) {
      invalid("last line had no newline", now);
    }
    intake.stop();
    if (stopped) {
      return;
    }
    scheduleReconnect(); // first: the down state goes out with the reconnect it counts
    if (closingOnPurpose) {
      closingOnPurpose = false;
    } else if (now - intake.lastDataAt() >= timings.hungAfterMs()) {
      // the read-idle timeout closed it: a hung clock, shown stale until the new connection hears from it
      log.warn("clock {}: no data from {}:{} for {} ms, reconnecting", spec.name(), spec.host(), spec.port(),
          now - intake.lastDataAt());
    } else {
      goDown(downReason != null ? downReason : "closed by the server", now);
    }
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
    if (report.state() != ClockState.FLOODING) { // stays marked until a connection is calm
      report.state(ClockState.DOWN, now);
    }
  }

  private void setState(ClockState next, long now) {
    if (next == ClockState.LIVE && loggedDownReason != null && report.state() != ClockState.LIVE) {
      log.info("clock {}: live again", spec.name());
      loggedDownReason = null;
    }
    report.state(next, now);
  }

  private void closeOnPurpose() {
    if (socket != null && !closingOnPurpose) {
      closingOnPurpose = true;
      intake.stop();
      socket.close();
    }
  }

  private void scheduleReconnect() {
    if (stopped || reconnectTimer >= 0) {
      return;
    }
    report.reconnected();
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

  /** Called by the wall every ~100 ms: staleness, the end of a flood, coalesced publications. */
  void check(long now) {
    if (stopped) {
      return;
    }
    report.flush(now);
    if (socket == null || closingOnPurpose) {
      return;
    }
    ClockState state = report.state();
    if (state == ClockState.FLOODING && lastLineAt > connectedAt && now - connectedAt >= CALM_AFTER_FLOOD_MS) {
      attempt = 0;
      setState(ClockState.LIVE, now);
    } else if (state != ClockState.STALE && state != ClockState.FLOODING
        && now - Math.max(lastLineAt, connectedAt) > timings.staleAfterMs()) {
      report.state(ClockState.STALE, now);
    }
  }
}
