package io.clockwall.wall;

import io.clockwall.runtime.AdminOptions;
import io.clockwall.runtime.AdminRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The clock wall: one {@link ClockConnection} per configured clock, a {@link WallRenderer} that turns their ticks
 * into one row per second, and a {@link TerminalPrinter}, the only writer to stdout.
 *
 * <p>Config: see {@link WallConfig}. When the config names a {@code configFile}, the wall follows it
 * ({@link ConfigFollower}): clocks added or removed are connected or closed without a restart (clocks that did not
 * change keep their connection), {@code sort} applies at once.
 *
 * <p>With {@code web.port} ({@code --web PORT}), a {@link WallPage} serves the same rows to browsers. On a real
 * terminal a {@link TerminalWatch} fits the table to the terminal's width and puts log lines above it.
 *
 * <p>Health: live while the renderer has printed a row within the last 2 s; ready while at least one clock is live.
 * Meters per clock: {@link WallMetrics}.
 */
public class WallVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WallVerticle.class);
  private static final long WATCHDOG_MS = 100;
  static final String LIVE_CHECK = "wall-renderer";
  static final String READY_CHECK = "wall-clocks";

  private final TerminalOutput output;
  private final boolean consoleDetected;
  private final boolean noColor;
  private final boolean watchTerminal;

  private WallConfig config;
  private ClockLinks clocks;
  private ConfigFollower follower;
  private AdminRegistry admin;
  private WallRenderer renderer;
  private TerminalPrinter printer;
  private WallPage page;
  private TerminalWatch terminal;
  private MessageConsumer<JsonObject> rows;
  private long watchdog = -1;

  /**
   * As the launcher deploys it: the table goes to stdout; TTY and NO_COLOR come from the process; on a real terminal
   * the table follows its width and log lines go above it ({@link TerminalWatch}).
   */
  public WallVerticle() {
    this(new StdoutOutput(), System.console() != null, noColorRequested(System.getenv("NO_COLOR")),
        System.console() != null);
  }

  /**
   * @param output          where the table goes
   * @param consoleDetected what {@code tty: auto} means (the launcher passes {@code System.console() != null})
   * @param noColor         {@code NO_COLOR} is set: no colors, cursor movement only
   */
  public WallVerticle(TerminalOutput output, boolean consoleDetected, boolean noColor) {
    this(output, consoleDetected, noColor, false);
  }

  private WallVerticle(TerminalOutput output, boolean consoleDetected, boolean noColor, boolean watchTerminal) {
    this.output = output;
    this.consoleDetected = consoleDetected;
    this.noColor = noColor;
    this.watchTerminal = watchTerminal;
  }

  static boolean noColorRequested(String value) {
    return value != null && !value.isEmpty();
  }

  @Override
  public Future<?> start() {
    return loadConfig().compose(initial -> {
      config = initial;
      boolean tty = switch (initial.tty()) {
        case ALWAYS -> true;
        case NEVER -> false;
        case AUTO -> consoleDetected;
      };
      printer = initial.output() == WallConfig.Output.JSON ? TerminalPrinter.json(output)
          : new TerminalPrinter(output, tty, !noColor);
      rows = vertx.eventBus().consumer(Addresses.ROW, m -> printer.print(m.body()));
      if (watchTerminal && printer.tty()) {
        terminal = new TerminalWatch(vertx, printer);
      }
      renderer = new WallRenderer(vertx, initial);
      admin = AdminRegistry.of(vertx);
      clocks = new ClockLinks(vertx, admin.meters(), initial);
      registerHealth();
      watchdog = vertx.setPeriodic(WATCHDOG_MS, id -> clocks.check(System.currentTimeMillis()));
      if (follower != null) {
        follower.follow(initial.scanPeriodMs(), next -> {
          if (!next.equals(config)) {
            apply(next);
          }
        });
      }
      log.info("wall started: {} clock(s) {}, sort {}, {} output{}", initial.clocks().size(), describe(initial.clocks()),
          initial.sort().name().toLowerCase(),
          initial.output() == WallConfig.Output.JSON ? "json" : tty ? "tty" : "plain",
          initial.configFile() == null ? "" : ", following " + initial.configFile());
      if (!initial.web().on()) {
        return rows.completion();
      }
      page = new WallPage(vertx, admin.meters());
      return rows.completion().compose(v -> page.start(initial.web())).<Void>mapEmpty()
          .recover(e -> Future.failedFuture(new IllegalStateException("cannot serve the wall page on "
              + initial.web().host() + ":" + initial.web().port() + ": " + e.getMessage(), e)));
    });
  }

  /** The live page, when {@code web.port} is set; else null. */
  WallPage page() {
    return page;
  }

  /**
   * Stops in an order that loses nothing and warns of nothing: the clocks stop publishing first, then (their last
   * messages delivered) the renderer and the row consumer go, then the terminal is restored.
   */
  @Override
  public Future<?> stop() {
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    if (terminal != null) {
      terminal.close(); // log lines go straight to stderr again
    }
    if (admin != null) {
      admin.liveness().unregister(LIVE_CHECK);
      admin.readiness().unregister(READY_CHECK);
    }
    List<Future<?>> closing = new ArrayList<>();
    if (follower != null) {
      closing.add(follower.close());
    }
    if (clocks != null) {
      closing.add(clocks.close());
    }
    // A turn of the event loop before each set of consumers goes: what was published before (the clocks' last
    // states as they closed, a clock of the same process stopping first; the renderer's last row) is queued for
    // delivery, and is delivered first, never discarded.
    return Future.join(closing).transform(ar -> nextTurn())
        .compose(v -> renderer == null ? Future.succeededFuture() : renderer.close())
        .transform(ar -> nextTurn())
        .eventually(() -> {
          List<Future<?>> rest = new ArrayList<>();
          if (page != null) {
            rest.add(page.close());
          }
          if (rows != null) {
            rest.add(rows.unregister());
          }
          if (printer != null) {
            TerminalPrinter p = printer;
            rest.add(vertx.executeBlocking(() -> {
              p.close();
              return null;
            }));
          }
          return Future.join(rest);
        });
  }

  private Future<Void> nextTurn() {
    Promise<Void> turn = Promise.promise();
    context.runOnContext(v -> turn.complete());
    return turn.future();
  }

  private Future<WallConfig> loadConfig() {
    JsonObject deployment = AdminOptions.without(config());
    if (!(deployment.getValue("configFile") instanceof String)) {
      try {
        return Future.succeededFuture(WallConfig.fromJson(deployment));
      } catch (ConfigException e) {
        return Future.failedFuture(e);
      }
    }
    follower = new ConfigFollower(vertx, deployment);
    return follower.load();
  }

  private void registerHealth() {
    admin.liveWhileRecent(LIVE_CHECK, "lastRow", printer::lastPrintNanos);
    admin.readiness().register(READY_CHECK, done ->
        done.complete(clocks.anyLive() ? Status.OK(clocks.states()) : Status.KO(clocks.states())));
  }

  private void apply(WallConfig next) {
    WallConfig previous = config;
    ClockLinks.Change change = clocks.apply(next);
    config = next;
    renderer.apply(next);
    if (previous.tty() != next.tty() || previous.rowDeadlineMs() != next.rowDeadlineMs()
        || previous.scanPeriodMs() != next.scanPeriodMs() || previous.output() != next.output()
        || !previous.web().equals(next.web())) {
      log.warn("config keys tty, output, web, rowDeadlineMs and scanPeriodMs apply at the next start");
    }
    log.info("config reloaded from {}: clocks {} (added {}, removed {}), sort {}", next.configFile(),
        describe(next.clocks()), change.added(), change.removed(), next.sort().name().toLowerCase());
  }

  private static String describe(List<ClockSpec> clocks) {
    return clocks.stream().map(c -> c.name() + "=" + c.host() + ":" + c.port())
        .collect(Collectors.joining(" ", "[", "]"));
  }
}
