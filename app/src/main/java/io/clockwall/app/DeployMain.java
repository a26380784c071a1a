package io.clockwall.app;

import io.clockwall.runtime.ConfigException;
import io.clockwall.runtime.Service;
import io.clockwall.runtime.ServiceLauncher;
import io.clockwall.runtime.Signals;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code java -jar clockwall.jar [deployment-file]}: runs every verticle a deployment file lists in this one
 * process (default {@code conf/local.json}: three zoned clocks and the wall), with the shared
 * {@link ServiceLauncher}: exit code 2 for a bad deployment file or config (found before anything starts), 1 when
 * a verticle fails to start (a busy port, say), 0 after SIGINT/SIGTERM.
 */
public final class DeployMain implements Service {

  static final String DEFAULT_FILE = "conf/local.json";
  static final String USAGE = "usage: clockwall [deployment-file]   (JSON or YAML; default " + DEFAULT_FILE + ")";
  static final String HELP = USAGE + """

      Each deployment reads environment variables named after it: clock-tokyo reads CLOCK_TOKYO_PORT, ...;
      CLOCKWALL_ADMIN_PORT (or the file's adminPort) serves /health/live, /health/ready and /metrics.""";

  public static void main(String[] args) {
    Signals.exitZeroOnStop(); // first, before the launcher's classes load: a stop during start-up exits 0 too
    ServiceLauncher.main(new DeployMain(), args);
  }

  @Override
  public String name() {
    return "clockwall";
  }

  @Override
  public String help() {
    return HELP;
  }

  @Override
  public String verticleName() {
    return "io.clockwall.app.Deployer";
  }

  @Override
  public Supplier<? extends Deployable> verticle() {
    return Deployer::new;
  }

  @Override
  public JsonObject configure(ServiceArgs args, Map<String, String> env) {
    if (!args.conf().isEmpty()) {
      throw new ConfigException("-conf is for the service jars; give the deployment file as the argument ("
        + USAGE + ")");
    }
    if (args.positional().size() > 1) {
      throw new ConfigException("one deployment file, not " + args.positional().size() + " (" + USAGE + ")");
    }
    if (args.instances() != 1) {
      throw new ConfigException("-instances: set instances per deployment in the deployment file");
    }
    Path file = Path.of(args.positional().isEmpty() ? DEFAULT_FILE : args.positional().get(0));
    DeploymentPlan plan = UnitConfigs.configure(DeploymentFile.load(file), env);
    return plan.toJson().mergeIn(DeploymentFile.adminKeys(file));
  }
}
