package io.clockwall.wall;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The clock wall: one {@link ClockConnection} per configured clock, a {@link WallRenderer} that turns their ticks
 * into one row per second, and a {@link TerminalPrinter}, the only writer to stdout.
 *
 * <p>Config: see {@link WallConfig}. When the config names a {@code configFile}, the wall reads that file with
 * vertx-config (the other keys of the deployment config are laid over it) and follows it: every
 * {@code scanPeriodMs} the file is read again; clocks added or removed are connected or closed without a restart
 * (clocks that did not change keep their connection), {@code sort} applies at once. A change that fails
 * validation is refused with one log line and the wall keeps its last good config.
 */
public class WallVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WallVerticle.class);
  private static final long WATCHDOG_MS = 100;

  private final TerminalOutput output;
  private final boolean consoleDetected;
  private final boolean noColor;

  private WallConfig config;
  private NetClient client;
  private ConfigRetriever retriever;
  private WallRenderer renderer;
  private TerminalPrinter printer;
  private MessageConsumer<JsonObject> rows;
  private long watchdog = -1;
  private String lastRefusal;
  private final Map<String, ClockConnection> connections = new LinkedHashMap<>();

  /** As the launcher deploys it: the table goes to stdout; TTY and NO_COLOR come from the process. */
  public WallVerticle() {
    this(new StdoutOutput(), System.console() != null, noColorRequested(System.getenv("NO_COLOR")));
  }

  /**
   * @param output          where the table goes
   * @param consoleDetected what {@code tty: auto} means (the launcher passes {@code System.console() != null})
   * @param noColor         {@code NO_COLOR} is set: no colors, cursor movement only
   */
  public WallVerticle(TerminalOutput output, boolean consoleDetected, boolean noColor) {
    this.output = output;
    this.consoleDetected = consoleDetected;
    this.noColor = noColor;
  }

  static boolean noColorRequested(String value) {
    return value != null && !value.isEmpty();
  }

  @Override
  public Future<?> start() {
    return loadConfig().compose(initial -> {
      config = initial;
      client = vertx.createNetClient(new NetClientOptions()
          .setConnectTimeout((int) initial.connectTimeoutMs())
          .setTcpNoDelay(true));
      boolean tty = switch (initial.tty()) {
        case ALWAYS -> true;
        case NEVER -> false;
        case AUTO -> consoleDetected;
      };
      printer = new TerminalPrinter(output, tty, !noColor);
      rows = vertx.eventBus().consumer(Addresses.ROW, m -> printer.print(m.body()));
      renderer = new WallRenderer(vertx, initial);
      initial.clocks().forEach(this::open);
      watchdog = vertx.setPeriodic(WATCHDOG_MS, id -> {
        long now = System.currentTimeMillis();
        connections.values().forEach(c -> c.check(now));
      });
      if (retriever != null) {
        retriever.listen(change -> onConfigChange(change.getNewConfiguration()));
        retriever.configStream().exceptionHandler(this::onConfigError);
      }
      log.info("wall started: {} clock(s) {}, sort {}, {} output{}", initial.clocks().size(), describe(initial.clocks()),
          initial.sort().name().toLowerCase(), tty ? "tty" : "plain",
          initial.configFile() == null ? "" : ", following " + initial.configFile());
      return rows.completion();
    });
  }

  @Override
  public Future<?> stop() {
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    List<Future<?>> closing = new ArrayList<>();
    if (retriever != null) {
      closing.add(retriever.close());
    }
    connections.values().forEach(c -> closing.add(c.stop()));
    connections.clear();
    if (renderer != null) {
      closing.add(renderer.close());
    }
    if (rows != null) {
      closing.add(rows.unregister());
    }
    if (client != null) {
      closing.add(client.close());
    }
    if (printer != null) {
      TerminalPrinter p = printer;
      closing.add(vertx.executeBlocking(() -> {
        p.close();
        return null;
      }));
    }
    return Future.join(closing);
  }

  private Future<WallConfig> loadConfig() {
    JsonObject deployment = config();
    Object file = deployment.getValue("configFile");
    if (!(file instanceof String path)) {
      try {
        return Future.succeededFuture(WallConfig.fromJson(deployment));
      } catch (ConfigException e) {
        return Future.failedFuture(e);
      }
    }
    JsonObject overrides = deployment.copy();
    overrides.remove("configFile");
    // A first read tells the scan period (a key of the file too); then the followed retriever scans at that period.
    ConfigRetriever probe = ConfigRetriever.create(vertx, retrieverOptions(path, overrides, 0));
    return probe.getConfig()
        .eventually(probe::close)
        .recover(e -> Future.failedFuture(new ConfigException(describeFileError(path, e))))
        .map(json -> parse(json, path))
        .compose(initial -> {
          retriever = ConfigRetriever.create(vertx, retrieverOptions(path, overrides, initial.scanPeriodMs()));
          return retriever.getConfig()
              .recover(e -> Future.failedFuture(new ConfigException(describeFileError(path, e))))
              .map(json -> parse(json, path))
              .onFailure(e -> retriever.close());
        });
  }

  private static ConfigRetrieverOptions retrieverOptions(String path, JsonObject overrides, long scanPeriodMs) {
    return new ConfigRetrieverOptions()
        .setScanPeriod(scanPeriodMs)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json")
            .setConfig(new JsonObject().put("path", path)))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(overrides));
  }

  private static WallConfig parse(JsonObject json, String path) {
    try {
      return WallConfig.fromJson(json.copy().put("configFile", path));
    } catch (ConfigException e) {
      throw new ConfigException("config file " + path + ": " + e.getMessage());
    }
  }

  private void onConfigChange(JsonObject json) {
    WallConfig next;
    try {
      next = parse(json, config.configFile());
    } catch (ConfigException e) {
      refuse(e.getMessage());
      return;
    }
    lastRefusal = null;
    if (!next.equals(config)) {
      apply(next);
    }
  }

  private void onConfigError(Throwable e) {
    refuse(describeFileError(config.configFile(), e));
  }

  private void refuse(String reason) {
    if (!reason.equals(lastRefusal)) {
      lastRefusal = reason;
      log.warn("config change refused, keeping the last good config: {}", reason);
    }
  }

  static String describeFileError(String path, Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof DecodeException) {
        break;
      }
      cause = cause.getCause();
    }
    if (cause instanceof NoSuchFileException || (cause.getMessage() != null
        && cause.getMessage().contains("NoSuchFileException"))) {
      return "config file " + path + ": no such file";
    }
    if (cause instanceof DecodeException || e instanceof DecodeException) {
      return "config file " + path + ": malformed JSON (" + WallConfig.jsonError(cause) + ")";
    }
    return "config file " + path + ": " + ClockSpec.printable(String.valueOf(cause.getMessage()));
  }

  private void apply(WallConfig next) {
    WallConfig previous = config;
    boolean timingsChanged = !previous.timings().equals(next.timings());
    List<String> removed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (ClockSpec spec : previous.clocks()) {
      if (timingsChanged || !next.clocks().contains(spec)) {
        ClockConnection c = connections.remove(spec.name());
        if (c != null) {
          c.stop();
        }
        removed.add(spec.name());
      }
    }
    config = next;
    renderer.setColumns(next.clocks(), next.sort());
    for (ClockSpec spec : next.clocks()) {
      if (!connections.containsKey(spec.name())) {
        open(spec);
        added.add(spec.name());
      }
    }
    if (previous.tty() != next.tty() || previous.rowDeadlineMs() != next.rowDeadlineMs()
        || previous.scanPeriodMs() != next.scanPeriodMs()) {
      log.warn("config keys tty, rowDeadlineMs and scanPeriodMs apply at the next start");
    }
    log.info("config reloaded from {}: clocks {} (added {}, removed {}), sort {}", next.configFile(),
        describe(next.clocks()), added, removed, next.sort().name().toLowerCase());
  }

  private void open(ClockSpec spec) {
    ClockConnection connection = new ClockConnection(vertx, client, spec, config.timings());
    connections.put(spec.name(), connection);
    connection.start();
  }

  private static String describe(List<ClockSpec> clocks) {
    return clocks.stream().map(c -> c.name() + "=" + c.host() + ":" + c.port())
        .collect(Collectors.joining(" ", "[", "]"));
  }
}
