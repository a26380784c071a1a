package io.clockwall.wall;

import io.vertx.core.Deployable;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.ExitCodes;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Main-Class of the wall's fat jar: the stock Vert.x launcher plus the Go exercise's command line.
 *
 * <pre>
 * java -jar clockwall-wall.jar NewYork=localhost:8010 London=localhost:8020 Tokyo=localhost:8030 --sort offset
 * java -jar clockwall-wall.jar -conf conf/wall.json
 * </pre>
 *
 * <p>How the arguments reach the verticle: {@code Name=host:port} arguments become the config key {@code clocks}
 * (in order), {@code --sort} the key {@code sort}; they are laid over the {@code -conf} config (arguments win: given
 * clocks replace the file's whole {@code clocks} list). When {@code -conf} names a file, the verticle gets its
 * absolute path as {@code configFile} and follows it (hot reload); the arguments stay laid over every version of the
 * file. All other options ({@code -options}, {@code -cluster}, ...) are the stock launcher's. Bad arguments or config:
 * one line on stderr, exit 2. SIGINT/SIGTERM: the terminal is restored and the process exits 0.
 */
public class WallMain extends VertxApplication {

  static final String PROGRAM = "clockwall-wall";

  WallMain(String[] args, VertxApplicationHooks hooks) {
    super(args, hooks, false, false);
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Parses, validates and launches; returns the exit code (0 while the wall runs). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    WallArguments arguments;
    JsonObject verticleConfig;
    try {
      arguments = WallArguments.parse(args);
      if (arguments.help()) {
        out.println(WallArguments.USAGE);
        out.println("  Name=host:port      a clock server (the Go exercise's form), in column order");
        out.println("  --sort ORDER        config (default), name, or offset (UTC offset, west to east)");
        out.println("  -conf FILE|JSON     wall config (keys: " + String.join(", ", WallConfig.KEYS) + ");");
        out.println("                      a FILE is followed: edits apply within seconds");
        out.println("  Vert.x launcher options such as -options, -cluster are passed on.");
        return 0;
      }
      verticleConfig = verticleConfig(arguments);
    } catch (ConfigException e) {
      err.println(PROGRAM + ": " + e.getMessage() + " (" + WallArguments.USAGE + ")");
      return ExitCodes.USAGE;
    }
    installSignalHandlers();
    Hooks hooks = new Hooks(verticleConfig, err);
    int code = new WallMain(arguments.launcherArgs().toArray(String[]::new), hooks).launch();
    if (code == ExitCodes.VERTX_DEPLOYMENT && hooks.configRefused) {
      return ExitCodes.USAGE;
    }
    return code;
  }

  /**
   * The config the verticle gets; validated here first so that a bad one never starts Vert.x. Throws
   * {@link ConfigException}.
   */
  static JsonObject verticleConfig(WallArguments arguments) {
    JsonObject overrides = new JsonObject();
    if (!arguments.clocks().isEmpty()) {
      JsonArray clocks = new JsonArray();
      arguments.clocks().forEach(c -> clocks.add(new JsonObject()
          .put("name", c.name()).put("host", c.host()).put("port", c.port())));
      overrides.put("clocks", clocks);
    }
    if (arguments.sort() != null) {
      overrides.put("sort", arguments.sort());
    }
    JsonObject base = new JsonObject();
    String configFile = null;
    String conf = arguments.conf();
    if (conf != null) {
      Path path = Path.of(conf);
      if (Files.isRegularFile(path)) {
        configFile = path.toAbsolutePath().normalize().toString();
        base = parseJson(read(path), "-conf " + conf);
      } else if (conf.trim().startsWith("{")) {
        base = parseJson(conf, "-conf");
      } else {
        throw new ConfigException("-conf " + ClockSpec.printable(conf) + ": no such file (and not a JSON object)");
      }
    }
    JsonObject merged = base.copy().mergeIn(overrides);
    if (configFile != null) {
      merged.put("configFile", configFile);
    }
    try {
      WallConfig.fromJson(merged);
    } catch (ConfigException e) {
      throw new ConfigException((configFile != null ? "config file " + configFile + ": " : "") + e.getMessage());
    }
    return configFile == null ? merged : overrides.put("configFile", configFile);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException("-conf " + path + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static JsonObject parseJson(String text, String what) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(what + ": malformed JSON (" + WallConfig.jsonError(e) + ")");
    }
  }

  /** SIGINT and SIGTERM end the wall normally: shutdown hooks undeploy it (restoring the terminal), exit code 0. */
  @SuppressWarnings("removal")
  private static void installSignalHandlers() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // signal not available on this platform: the JVM default applies
      }
    }
  }

  /** Gives the verticle its config and turns launcher failures into one line on stderr. */
  static final class Hooks implements VertxApplicationHooks {

    private final JsonObject verticleConfig;
    private final PrintStream err;
    volatile boolean configRefused;

    Hooks(JsonObject verticleConfig, PrintStream err) {
      this.verticleConfig = verticleConfig;
      this.err = err;
    }

    @Override
    public JsonObject afterConfigParsed(JsonObject config) {
      return verticleConfig.copy();
    }

    @Override
    public Supplier<? extends Deployable> verticleSupplier() {
      return WallVerticle::new;
    }

    @Override
    public void afterFailureToStartVertx(HookContext context, Throwable t) {
      err.println(PROGRAM + ": cannot start Vert.x: " + message(t));
    }

    @Override
    public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
      configRefused = t instanceof ConfigException;
      err.println(PROGRAM + ": " + message(t));
    }

    private static String message(Throwable t) {
      return t == null ? "timed out" : ClockSpec.printable(String.valueOf(t.getMessage()));
    }
  }
}
