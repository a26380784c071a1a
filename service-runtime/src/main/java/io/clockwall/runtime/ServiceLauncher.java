package io.clockwall.runtime;

import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How every clockwall jar starts, fails and stops: the stock Vert.x launcher ({@code -instances}, {@code -options},
 * ...), subclassed once, with one policy. Each jar's main class hands it a {@link Service}: what is that jar's own.
 *
 * <ul>
 *   <li>SIGINT and SIGTERM undeploy and exit 0 ({@link Signals});</li>
 *   <li>a bad command line or config is one line on stderr and exit code 2: an unknown option, a bad
 *   {@code -instances}, a {@code -conf} that is neither a readable JSON or YAML object file nor a JSON object
 *   string, a config the service refuses;</li>
 *   <li>any other failure to start is one line and exit code 1 (a busy port, say);</li>
 *   <li>a native transport is preferred: the first of the service's {@link Service#transports()} that the jar
 *   carries and the kernel allows, else NIO ({@link Transports}; {@code CLOCKWALL_TRANSPORT} asks for one,
 *   {@code -options '{"preferNativeTransport":false}'} means NIO);</li>
 *   <li>config layers: built-in defaults &lt; {@code -conf} &lt; the environment, merged and validated by the
 *   service into an immutable record before Vert.x starts;</li>
 *   <li>the admin endpoint ({@link AdminOptions}) with health checks and Prometheus metrics, when asked for;</li>
 *   <li>Netty's JFR events off unless asked for ({@link #NETTY_JFR}).</li>
 * </ul>
 *
 * <p>{@code mvn vertx:run} (the vertx-maven-plugin passes {@code -conf} only to a main class that is a
 * {@link VertxApplication}) runs this class with the main verticle's name; {@link #main(String[])} finds the
 * jar's service for it among those listed in {@code META-INF/services/io.clockwall.runtime.Service}.
 */
public final class ServiceLauncher extends VertxApplication implements VertxApplicationHooks {

  private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

  /**
   * Netty's JFR events (its allocator's chunk events) are off unless {@code -Dio.netty.jfr.enabled=true}: setting
   * them up cost the first connection of every process about 90 ms (an FTP greeting 142-156 ms instead of 46-51,
   * measured twice each way), whether or not anything records them.
   */
  static final String NETTY_JFR = "io.netty.jfr.enabled";

  public static final int EXIT_BAD_CONFIG = 2;
  public static final int EXIT_FAILURE = 1;

  private final Service service;
  private final Prepared prepared;
  private final PrintStream err;
  private PrometheusMeterRegistry prometheus;
  private Transports.Choice transport;
  private volatile int failureCode = EXIT_FAILURE;

  /** A command line made ready to launch: the launcher's arguments, the verticle's config, the admin endpoint. */
  private record Prepared(List<String> launcherArgs, JsonObject verticleConfig, AdminOptions admin,
                          Map<String, String> env, int instances) {
  }

  private ServiceLauncher(Service service, Prepared prepared, PrintStream err) {
    super(prepared.launcherArgs().toArray(String[]::new), null, false, false); // hooks: this
    this.service = service;
    this.prepared = prepared;
    this.err = err;
  }

  /** The {@code main} of a service's jar: runs it, or exits with the policy's code. */
  public static void main(Service service, String[] args) {
    Signals.exitZeroOnStop();
    Transports.ioUringDefaults(System.getProperties()); // before Netty's io_uring classes load
    System.getProperties().putIfAbsent(NETTY_JFR, "false"); // before Netty's PlatformDependent loads
    int code = run(service, args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * The main class for tools that run a {@link VertxApplication} with a main verticle's class name among the
   * arguments ({@code mvn vertx:run}): runs the service of that verticle.
   */
  public static void main(String[] args) {
    Signals.exitZeroOnStop();
    List<Service> services = new ArrayList<>();
    ServiceLoader.load(Service.class).forEach(services::add);
    Service chosen = services.size() == 1 ? services.get(0) : null;
    for (Service s : services) {
      if (Arrays.asList(args).contains(s.verticleName())) {
        chosen = s;
      }
    }
    if (chosen == null) {
      System.err.println("clockwall: name the main verticle, one of " + services.stream().map(Service::verticleName)
        .toList());
      System.exit(EXIT_BAD_CONFIG);
    }
    main(chosen, args);
  }

  /**
   * Parses, validates and launches {@code service}; returns the exit code (0 while the service runs, or after
   * {@code -h}).
   */
  public static int run(Service service, String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Prepared prepared;
    try {
      LauncherArgs parsed = LauncherArgs.parse(args, service.options()).withDefaultInstances(
        service.defaultInstances());
      if (parsed.help()) {
        out.println(service.help());
        return 0;
      }
      prepared = prepare(service, parsed, env);
    } catch (ConfigException e) {
      err.println(service.name() + ": " + e.getMessage());
      return EXIT_BAD_CONFIG;
    }
    ServiceLauncher launcher = new ServiceLauncher(service, prepared, err);
    int code = launcher.launch();
    return code == 0 ? 0 : launcher.failureCode;
  }

  /**
   * The config {@code service} would deploy its verticle with for {@code args} and {@code env}, without starting
   * anything; throws {@link ConfigException} as the launcher would report it.
   */
  public static JsonObject verticleConfig(Service service, String[] args, Map<String, String> env) {
    return prepare(service, LauncherArgs.parse(args, service.options()), env).verticleConfig();
  }

  private static Prepared prepare(Service service, LauncherArgs parsed, Map<String, String> env) {
    JsonObject conf = parsed.conf() == null ? new JsonObject() : ConfigFiles.readConf(parsed.conf());
    Path confFile = parsed.conf() == null || ConfigFiles.isInlineJson(parsed.conf()) ? null
      : Path.of(parsed.conf()).toAbsolutePath().normalize();
    JsonObject configured = service.configure(new Service.ServiceArgs(AdminOptions.without(conf), confFile,
      parsed.own(), parsed.positional(), parsed.instances()), env);
    // The admin keys may come from -conf or from the service's own file (a deployment file's adminPort).
    AdminOptions admin = AdminOptions.from(conf.copy().mergeIn(configured), env);
    Transports.choose(service.transports(), true, env); // an unknown or unavailable CLOCKWALL_TRANSPORT: exit 2
    return new Prepared(parsed.launcher(), AdminOptions.without(configured), admin, env, parsed.instances());
  }

  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject options) {
    JsonObject result = options == null ? new JsonObject() : options;
    if (!result.containsKey("preferNativeTransport")) {
      result.put("preferNativeTransport", true);
    }
    service.vertxOptions(result, prepared.instances());
    return result;
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    transport = Transports.choose(service.transports(), options.getPreferNativeTransport(), prepared.env());
    if (!prepared.admin().enabled()) {
      return Vertx.builder().with(options).withTransport(transport.transport());
    }
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new FileDescriptorMetrics().bindTo(prometheus); // the JVM meters (uptime, CPU, memory, GC, threads) are Vert.x's
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true);
    service.metrics(metrics);
    return Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(prometheus))
      .withTransport(transport.transport());
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    Transports.record(context.vertx(), transport);
    AdminRegistry.install(context.vertx(), prometheus);
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    return prepared.verticleConfig().copy();
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return service.verticle();
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    if (!prepared.admin().enabled()) {
      return;
    }
    try {
      int port = AdminServer.start(context.vertx(), prepared.admin(), AdminRegistry.of(context.vertx()), prometheus)
        .await(30, TimeUnit.SECONDS).actualPort();
      log.info("admin endpoint on http://{}:{}/ (health/live, health/ready, metrics)", prepared.admin().host(),
        port);
    } catch (Exception e) {
      err.println(service.name() + ": " + OneLine.of(e));
      System.exit(EXIT_FAILURE);
    }
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    failureCode = EXIT_FAILURE;
    err.println(service.name() + ": cannot start Vert.x: " + OneLine.of(t));
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    failureCode = ConfigException.isConfigError(t) ? EXIT_BAD_CONFIG : EXIT_FAILURE;
    err.println(service.name() + ": " + OneLine.of(t));
  }
}
