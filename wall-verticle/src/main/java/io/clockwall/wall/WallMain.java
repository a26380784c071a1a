package io.clockwall.wall;

import io.clockwall.runtime.ConfigFiles;
import io.clockwall.runtime.Service;
import io.clockwall.runtime.ServiceLauncher;
import io.clockwall.runtime.Signals;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Main class of the wall's fat jar: the shared {@link ServiceLauncher} with what is the wall's own, the Go
 * exercise's command line.
 *
 * <pre>
 * java -jar clockwall-wall.jar NewYork=localhost:8010 London=localhost:8020 Tokyo=localhost:8030 --sort offset
 * java -jar clockwall-wall.jar -conf conf/wall.yaml
 * </pre>
 *
 * <p>Layers, lowest first: the wall's defaults, the {@code -conf} config, the {@code WALL_*} environment variables
 * ({@link WallConfig#ENV}), then the arguments: {@code Name=host:port} clocks (in order; they replace the whole
 * {@code clocks} list) and {@code --sort}. When the config is a file ({@code -conf FILE}, or a {@code configFile}
 * key), the verticle follows it and the layers above it stay laid over every version of it.
 */
public final class WallMain implements Service {

  static final String PROGRAM = "clockwall-wall";
  static final String USAGE = "usage: java -jar clockwall-wall.jar Name=host:port[/Zone]... [--sort config|name|offset]"
      + " [--output table|json] [--hours 12|24] [--work-hours HH:MM-HH:MM] [--web PORT] [-conf FILE|JSON]";
  static final String HELP = USAGE + """

        Name=host:port      a clock server (the Go exercise's form), in column order; IPv6 as Name=[::1]:8000
        Name=host:port/Zone the same with the clock's IANA zone (NewYork=localhost:8010/America/New_York): its date,
                            day change, next DST change, and a check of its labels against this machine's time
        --sort ORDER        config (default), name, or offset (UTC offset, west to east)
        --output FORMAT     table (default: a TTY table or plain rows) or json (one JSON object per second)
        --hours 12|24       labels shown on a 12-hour (11:00:01 PM) or 24-hour clock (default 24)
        --work-hours RANGE  working hours of every clock without its own (workHours), e.g. 09:00-18:00
        --web PORT          serve the live page on http://127.0.0.1:PORT/ (web.host in the config to change)
        -conf FILE|JSON     wall config, JSON or YAML (keys: %s);
                            a FILE is followed: edits apply within seconds
        -options JSON       Vert.x options
      Environment: WALL_SORT, WALL_OUTPUT, WALL_STALE_AFTER_MS, ... (over the config); CLOCKWALL_ADMIN_PORT for /health/live,
      /health/ready and /metrics; NO_COLOR. SIGINT or SIGTERM restores the terminal and exits 0."""
      .formatted(String.join(", ", WallConfig.KEYS));

  public static void main(String[] args) {
    Signals.exitZeroOnStop(); // first, before the launcher's classes load: a stop during start-up exits 0 too
    ServiceLauncher.main(new WallMain(), args);
  }

  @Override
  public String name() {
    return PROGRAM;
  }

  @Override
  public String help() {
    return HELP;
  }

  @Override
  public String verticleName() {
    return "io.clockwall.wall.WallVerticle";
  }

  @Override
  public Supplier<? extends Deployable> verticle() {
    return WallVerticle::new;
  }

  /**
   * io_uring first, as the clock: a row's writes to a chunk of the page's viewers go to the kernel in one
   * submission, where epoll makes one send per viewer. At 10,000 viewers (clock-bench, README "Viewers at scale")
   * row delivery p99 fell from 176 to 109 ms and the wall's CPU from 0.14 to 0.10 s/s. Where the kernel or a
   * container's seccomp profile refuses io_uring, epoll.
   */
  @Override
  public List<String> transports() {
    return List.of("io_uring", "epoll");
  }

  /** The page's event streams leave Vert.x's HTTP connections ({@link PageViewers}): those meters would count wrong. */
  @Override
  public void metrics(MicrometerMetricsOptions options) {
    options.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER);
  }

  @Override
  public Set<String> options() {
    return Set.of("sort", "output", "web", "hours", "work-hours");
  }

  @Override
  public JsonObject configure(ServiceArgs args, Map<String, String> env) {
    if (args.instances() != 1) {
      throw new ConfigException("-instances " + args.instances() + ": the wall runs as one instance (it owns the"
          + " terminal)");
    }
    JsonObject overrides = WallConfig.ENV.apply(new JsonObject(), env);
    try {
      if (!args.positional().isEmpty()) {
        JsonArray clocks = new JsonArray();
        args.positional().stream().map(ClockSpec::parse).forEach(c -> {
          JsonObject clock = new JsonObject().put("name", c.name()).put("host", c.host()).put("port", c.port());
          if (c.zone() != null) {
            clock.put("zone", c.zone().getId());
          }
          clocks.add(clock);
        });
        overrides.put("clocks", clocks);
      }
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " (" + USAGE + ")");
    }
    if (args.own().containsKey("sort")) {
      overrides.put("sort", args.own().get("sort"));
    }
    if (args.own().containsKey("output")) {
      overrides.put("output", args.own().get("output"));
    }
    if (args.own().containsKey("hours")) {
      String hours = args.own().get("hours");
      if (!hours.equals("12") && !hours.equals("24")) {
        throw new ConfigException("--hours " + ClockSpec.printable(hours) + ": must be 12 or 24 (" + USAGE + ")");
      }
      overrides.put("hours", Integer.parseInt(hours));
    }
    if (args.own().containsKey("work-hours")) {
      overrides.put("workHours", args.own().get("work-hours"));
    }
    if (args.own().containsKey("web")) {
      String port = args.own().get("web");
      try {
        overrides.put("web", new JsonObject().put("port", Integer.parseInt(port)));
      } catch (NumberFormatException e) {
        throw new ConfigException("--web " + ClockSpec.printable(port) + ": not a port number (" + USAGE + ")");
      }
    }
    return followed(args.conf(), args.confFile(), Path.of("").toAbsolutePath(), overrides);
  }

  /**
   * The verticle's config for {@code conf} (read from {@code confFile} when it is a file) with {@code overrides} on
   * top: when the config is a file, {@code configFile} (absolute) and the overrides only, since the verticle
   * reads and follows the file itself; otherwise the merged config. Validated here, so that a bad one never
   * starts Vert.x. A {@code configFile} key is relative to {@code folder}.
   */
  public static JsonObject followed(JsonObject conf, Path confFile, Path folder, JsonObject overrides) {
    Path file = confFile;
    JsonObject base = conf;
    if (file == null && conf.getValue("configFile") != null) {
      if (conf.size() > 1 || !(conf.getValue("configFile") instanceof String name)) {
        throw new ConfigException("config key 'configFile' must be a file name and stand alone"
            + " (put the other keys in the file)");
      }
      file = folder.resolve(name).toAbsolutePath().normalize();
      base = ConfigFiles.read(file);
    }
    if (file != null && base.containsKey("configFile")) {
      throw new ConfigException("config file " + file + ": a followed file cannot name another (configFile)");
    }
    JsonObject merged = base.copy().mergeIn(overrides, true); // deep: --web PORT keeps the file's web.host
    if (file != null) {
      merged.put("configFile", file.toString());
    }
    try {
      WallConfig.fromJson(io.clockwall.runtime.AdminOptions.without(merged));
    } catch (ConfigException e) {
      throw new ConfigException((file != null ? "config file " + file + ": " : "") + e.getMessage());
    }
    return file == null ? merged : overrides.copy().put("configFile", file.toString());
  }
}
