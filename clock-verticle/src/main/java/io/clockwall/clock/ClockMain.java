package io.clockwall.clock;

import io.clockwall.runtime.ConfigException;
import io.clockwall.runtime.OneLine;
import io.clockwall.runtime.Service;
import io.clockwall.runtime.ServiceLauncher;
import io.clockwall.runtime.Signals;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Main class of the clock's fat jar: the shared {@link ServiceLauncher} with what is the clock's own, its
 * environment ({@code CLOCK_*} over {@code -conf}, and {@code TZ} read as Go's clock2 reads it) and its metrics.
 *
 * <pre>
 * java -jar clockwall-clock.jar -conf conf/clock-tokyo.json -instances 2
 * TZ=Asia/Tokyo CLOCK_PORT=8030 java -jar clockwall-clock.jar
 * </pre>
 */
public final class ClockMain implements Service {

  static final String HELP = """
    usage: java -jar clockwall-clock.jar [-conf FILE|JSON] [-instances N] [launcher options]
      -conf FILE|JSON   a JSON or YAML file, or a JSON object: keys %s
      -instances N      event loops serving the port (default: one per core, %d here)
      -options JSON     Vert.x options, e.g. '{"preferNativeTransport": false}'
    Environment: CLOCK_PORT, CLOCK_ZONE, ... (one per key, over -conf); TZ when no zone is set;
    CLOCKWALL_ADMIN_PORT for /health/live, /health/ready and /metrics; CLOCKWALL_TRANSPORT=io_uring|epoll|nio
    (default: io_uring where the kernel allows it, else epoll, else nio). SIGINT or SIGTERM stops the clock, exit 0."""
    .formatted(String.join(", ", ClockConfig.KEYS), Runtime.getRuntime().availableProcessors());

  public static void main(String[] args) {
    Signals.exitZeroOnStop(); // first, before the launcher's classes load: a stop during start-up exits 0 too
    ServiceLauncher.main(new ClockMain(), args);
  }

  @Override
  public String name() {
    return "clock";
  }

  @Override
  public String help() {
    return HELP;
  }

  /**
   * One instance per core: each fans its own clients out on its own event loop, so a tick reaches them all in
   * about half the time on two cores, and in less CPU (19,900 clients against the native floor: p99 0.70x and
   * CPU 0.82x with two instances, 1.02x and 0.94x with one; clock-bench, README).
   */
  @Override
  public int defaultInstances() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * io_uring first: each tick's writes to all of an event loop's clients go to the kernel in one submission, where
   * epoll makes one send per client (clock-bench's README, the floor comparison). Where the kernel or a container's
   * seccomp profile refuses io_uring, epoll.
   */
  @Override
  public List<String> transports() {
    return List.of("io_uring", "epoll");
  }

  /**
   * As many event loops as instances: each instance's clients and tick live on its own loop and nothing else runs
   * on the others, which would only hold threads and (with io_uring) rings: 22 MiB of idle RSS for Vert.x's default
   * of two loops per core.
   */
  @Override
  public void vertxOptions(JsonObject options, int instances) {
    if (options.getValue("eventLoopPoolSize") == null) {
      options.put("eventLoopPoolSize", instances);
    }
  }

  @Override
  public String verticleName() {
    return "io.clockwall.clock.ClockVerticle";
  }

  @Override
  public Supplier<? extends Deployable> verticle() {
    return ClockVerticle::new;
  }

  @Override
  public JsonObject configure(ServiceArgs args, Map<String, String> env) {
    if (!args.positional().isEmpty()) {
      throw new ConfigException("unexpected argument '" + OneLine.printable(args.positional().get(0))
        + "' (the clock takes options only; -h for help)");
    }
    JsonObject conf = layered(args.conf(), env);
    ClockConfig.from(conf);
    return conf;
  }

  /** {@code CLOCK_*} over {@code conf}, and the zone of {@code TZ} when neither names one. */
  static JsonObject layered(JsonObject conf, Map<String, String> env) {
    ClockConfig.checkKnownKeys(conf);
    JsonObject layered = ClockConfig.ENV.apply(conf, env);
    if (layered.getValue(ClockConfig.ZONE) == null && env.get("TZ") != null) {
      layered.put(ClockConfig.ZONE, zoneFromTz(env.get("TZ")).getId());
    }
    return layered;
  }

  /** The clock's channels leave Vert.x's TCP server metrics once the clock serves them: they would count wrong. */
  @Override
  public void metrics(MicrometerMetricsOptions options) {
    options.addDisabledMetricsCategory(MetricsDomain.NET_SERVER);
  }

  /**
   * The zone named by {@code TZ} as Go's time package reads it: unset means the system default, empty means
   * UTC, a leading {@code :} is ignored, and an absolute path names a zoneinfo file. Unlike Go, an unknown name
   * is an error instead of a silent fall back to UTC.
   */
  static ZoneId zoneFromTz(String tz) {
    if (tz == null) {
      return ZoneId.systemDefault();
    }
    String name = tz.startsWith(":") ? tz.substring(1) : tz;
    if (name.isEmpty()) {
      return ZoneOffset.UTC;
    }
    if (name.startsWith("/")) {
      if (name.equals("/etc/localtime")) {
        return ZoneId.systemDefault();
      }
      int at = name.lastIndexOf("zoneinfo/");
      if (at >= 0) {
        name = name.substring(at + "zoneinfo/".length());
      }
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw ClockConfigException.invalid("TZ", tz, "unknown time zone");
    }
  }

}
