package io.clockwall.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into what the Vert.x launcher takes ({@code -instances}, {@code -options}, ...), the
 * {@code -conf} value, a service's own options and its positional arguments. Checked strictly, so that a mistake is
 * one line, never the launcher's 55-line usage or an exception: an unknown option, a missing value, a bad
 * {@code -instances}.
 *
 * @param launcher   arguments for {@link io.vertx.launcher.application.VertxApplication}, validated
 * @param conf       the {@code -conf} value, or null
 * @param own        the service's own options given, by name, with their values
 * @param positional everything else, in order
 * @param help       {@code -h} or {@code --help} was given
 */
public record LauncherArgs(List<String> launcher, String conf, Map<String, String> own, List<String> positional,
                           boolean help) {

  /** Launcher options that take a value. */
  private static final Set<String> WITH_VALUE = Set.of("options", "vertx-options", "deployment-options", "instances",
    "cluster-host", "cluster-port", "cluster-public-host", "cluster-public-port");
  /** Launcher options that are flags. */
  private static final Set<String> FLAGS = Set.of("worker", "w", "virtual-thread", "vt", "cluster", "c");
  /**
   * A Java class name such as {@code io.clockwall.wall.WallVerticle}: the launcher's own positional main-verticle
   * argument, as {@code mvn vertx:run} passes it. The service names its verticle itself, so it is dropped.
   */
  private static final java.util.regex.Pattern CLASS_NAME =
    java.util.regex.Pattern.compile("([a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*");

  /**
   * Parses {@code args}; {@code ownOptions} are the service's options that take a value (e.g. {@code --sort}), by
   * name without dashes.
   */
  public static LauncherArgs parse(String[] args, Set<String> ownOptions) {
    List<String> launcher = new ArrayList<>();
    Map<String, String> own = new java.util.LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    String conf = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        positional.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      if (CLASS_NAME.matcher(arg).matches()) {
        continue;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      String name = arg.replaceFirst("^--?", "");
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (key.equals("h") || key.equals("help")) {
        help = true;
        continue;
      }
      boolean takesValue = key.equals("conf") || WITH_VALUE.contains(key) || ownOptions.contains(key);
      if (!takesValue && !FLAGS.contains(key)) {
        throw new ConfigException("unknown option " + OneLine.printable(arg) + " (-h for help)");
      }
      if (takesValue && value == null) {
        if (i + 1 >= args.length) {
          throw new ConfigException("option " + OneLine.printable(arg) + " needs a value (-h for help)");
        }
        value = args[++i];
      }
      if (key.equals("conf")) {
        conf = value;
      } else if (ownOptions.contains(key)) {
        own.put(key, value);
      } else {
        if (key.equals("instances")) {
          checkInstances(value);
        }
        launcher.add("-" + key);
        if (takesValue) {
          launcher.add(value);
        }
      }
    }
    return new LauncherArgs(List.copyOf(launcher), conf, java.util.Collections.unmodifiableMap(own),
      List.copyOf(positional), help);
  }

  private static void checkInstances(String value) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException("-instances " + OneLine.printable(value) + ": not a number (must be 1 or more)");
    }
    if (n < 1) {
      throw new ConfigException("-instances " + n + ": must be 1 or more");
    }
  }

  /**
   * These arguments with {@code -instances n} for the launcher unless the command line gave an {@code -instances}
   * of its own (in any of the forms {@link #parse} accepts); as they are when {@code n} is 1, the launcher's default.
   */
  public LauncherArgs withDefaultInstances(int n) {
    if (n <= 1 || launcher.contains("-instances")) {
      return this;
    }
    List<String> with = new ArrayList<>(launcher);
    with.add("-instances");
    with.add(Integer.toString(n));
    return new LauncherArgs(List.copyOf(with), conf, own, positional, help);
  }

  /** The {@code -instances} value, 1 when not given. */
  public int instances() {
    int at = launcher.indexOf("-instances");
    return at < 0 ? 1 : Integer.parseInt(launcher.get(at + 1).strip());
  }
}
