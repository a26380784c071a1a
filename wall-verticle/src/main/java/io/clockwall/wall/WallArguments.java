package io.clockwall.wall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The wall's command line: the Go exercise's {@code Name=host:port} clocks, {@code --sort config|name|offset},
 * {@code -conf FILE|JSON}, and every other option of the stock Vert.x launcher, passed through to it.
 *
 * @param clocks       clocks given as arguments, in order
 * @param sort         {@code --sort} value, or null
 * @param conf         {@code -conf} value (a file path or a JSON object), or null
 * @param launcherArgs what goes on to {@code VertxApplication} (its options, without {@code -conf})
 * @param help         {@code -h}/{@code --help} was given
 */
record WallArguments(List<ClockSpec> clocks, String sort, String conf, List<String> launcherArgs, boolean help) {

  static final String USAGE = "usage: java -jar clockwall-wall.jar Name=host:port... [--sort config|name|offset]"
      + " [-conf FILE|JSON] [Vert.x launcher options]";

  /** Stock launcher options that take a value (picocli, case-insensitive, {@code -opt value} or {@code -opt=value}). */
  private static final Set<String> VALUE_OPTIONS = Set.of("-options", "--options", "-vertx-options",
      "--vertx-options", "-cluster-port", "--cluster-port", "-cluster-host", "--cluster-host", "-cluster-public-port",
      "--cluster-public-port", "-cluster-public-host", "--cluster-public-host", "-deployment-options",
      "--deployment-options", "-instances", "--instances");
  private static final Set<String> FLAG_OPTIONS = Set.of("-c", "-cluster", "--cluster", "-w", "-worker", "--worker",
      "-vt", "-virtual-thread", "--virtual-thread");
  private static final Set<String> CONF = Set.of("-conf", "--conf");
  private static final Set<String> SORT = Set.of("-sort", "--sort");
  private static final Set<String> HELP = Set.of("-h", "-help", "--help");
  /**
   * A Java class name such as {@code io.clockwall.wall.WallVerticle}: the launcher's own positional main-verticle
   * argument, as {@code mvn vertx:run} passes it. Never a clock: those have an {@code =}.
   */
  private static final java.util.regex.Pattern CLASS_NAME =
      java.util.regex.Pattern.compile("([a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*");

  static WallArguments parse(String[] args) {
    List<ClockSpec> clocks = new ArrayList<>();
    List<String> launcher = new ArrayList<>();
    String sort = null;
    String conf = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (CLASS_NAME.matcher(arg).matches()) {
        launcher.add(arg);
        continue;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        clocks.add(ClockSpec.parse(arg));
        continue;
      }
      int eq = arg.indexOf('=');
      String name = (eq < 0 ? arg : arg.substring(0, eq)).toLowerCase(Locale.ROOT);
      String inlineValue = eq < 0 ? null : arg.substring(eq + 1);
      if (HELP.contains(name)) {
        help = true;
      } else if (FLAG_OPTIONS.contains(name)) {
        launcher.add(arg);
      } else if (SORT.contains(name) || CONF.contains(name) || VALUE_OPTIONS.contains(name)) {
        String value = inlineValue;
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new ConfigException("option " + ClockSpec.printable(arg) + " needs a value");
          }
          value = args[++i];
        }
        if (SORT.contains(name)) {
          sort = value;
        } else if (CONF.contains(name)) {
          conf = value;
        } else {
          if (name.endsWith("-instances")) {
            checkInstances(value);
          }
          launcher.add(name);
          launcher.add(value);
        }
      } else {
        throw new ConfigException("unknown option '" + ClockSpec.printable(arg) + "'");
      }
    }
    return new WallArguments(List.copyOf(clocks), sort, conf, List.copyOf(launcher), help);
  }

  private static void checkInstances(String value) {
    if (!value.trim().equals("1")) {
      throw new ConfigException("option -instances " + ClockSpec.printable(value)
          + ": the wall runs as one instance (it owns the terminal)");
    }
  }
}
