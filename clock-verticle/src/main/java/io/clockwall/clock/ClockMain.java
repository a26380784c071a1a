package io.clockwall.clock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Main class of the clock's fat jar: the stock Vert.x launcher ({@code -conf}, {@code -instances}, {@code -options},
 * ...) with the error handling a user of a command-line tool expects.
 *
 * <ul>
 *   <li>an unknown option prints picocli's one-line complaint and exits 2 (no usage dump; {@code -h} shows it);</li>
 *   <li>a {@code -conf} naming neither a readable JSON-object file nor a JSON-object string is an error (the stock
 *   launcher only warns and deploys with an empty config): one line on stderr, exit code 2;</li>
 *   <li>a deployment failure prints {@code clock: <cause>} on stderr, one line, and exits 2 for an invalid config,
 *   1 for any other failure (e.g. the port is in use);</li>
 *   <li>SIGTERM undeploys the clock (closing every connection) and exits 0.</li>
 * </ul>
 */
public final class ClockMain extends VertxApplication implements VertxApplicationHooks {

  /** Exit code for a bad command line or config. */
  public static final int EXIT_BAD_CONFIG = 2;
  /** Exit code for any other failure to start. */
  public static final int EXIT_FAILURE = 1;

  private static final Pattern LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

  private volatile int failureExitCode = EXIT_FAILURE;

  private ClockMain(String[] args) {
    super(args, null, false, false);
  }

  public static void main(String[] args) {
    String confProblem = confProblem(args);
    if (confProblem != null) {
      System.err.println("clock: " + confProblem);
      System.exit(EXIT_BAD_CONFIG);
    }
    // The JVM would exit 143 on SIGTERM; a clock asked to stop has not failed. Exiting runs the launcher's
    // shutdown hook, which closes Vert.x and so undeploys the clock.
    Signal.handle(new Signal("TERM"), signal -> System.exit(0));
    ClockMain app = new ClockMain(args);
    int code = app.launch();
    if (code != 0) {
      System.exit(code == EXIT_BAD_CONFIG ? EXIT_BAD_CONFIG : app.failureExitCode);
    }
  }

  /**
   * The native epoll transport ships in the jar and costs less CPU per client than NIO (measured with clock-bench);
   * it is also what {@code reusePort} needs. {@code -options '{"preferNativeTransport":false}'} turns it off; where
   * it cannot load, Vert.x falls back to NIO.
   */
  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject options) {
    JsonObject result = options == null ? new JsonObject() : options;
    if (!result.containsKey("preferNativeTransport")) {
      result.put("preferNativeTransport", true);
    }
    return result;
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    report(t);
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    report(t);
  }

  private void report(Throwable t) {
    failureExitCode = t instanceof ClockConfigException ? EXIT_BAD_CONFIG : EXIT_FAILURE;
    System.err.println("clock: " + describe(t));
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "timed out";
    }
    String message = ClockConfig.oneLine(t.getMessage());
    return message.isEmpty() ? t.getClass().getSimpleName() : message;
  }

  /**
   * Checks the {@code -conf} option as the launcher reads it (a JSON file, else a JSON string): null when absent
   * or fine, else a one-line problem.
   */
  static String confProblem(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return null;
      }
      String lower = arg.toLowerCase(java.util.Locale.ROOT);
      if ((lower.equals("-conf") || lower.equals("--conf")) && i + 1 < args.length) {
        return confValueProblem(arg, args[i + 1]);
      }
      if (lower.startsWith("-conf=") || lower.startsWith("--conf=")) {
        return confValueProblem(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
    }
    return null;
  }

  private static String confValueProblem(String option, String value) {
    String shown = option + " " + value;
    Path path = null;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      // not a path: read it as a JSON string
    }
    if (path != null && Files.isRegularFile(path)) {
      try {
        String problem = jsonObjectProblem(Buffer.buffer(Files.readAllBytes(path)));
        return problem == null ? null : shown + ": not a JSON object (" + problem + ")";
      } catch (IOException e) {
        return shown + ": cannot read (" + ClockConfig.oneLine(e.toString()) + ")";
      }
    }
    String stripped = value.strip();
    if (!stripped.startsWith("{") && !stripped.startsWith("[")) {
      return shown + ": neither a readable file nor a JSON object";
    }
    String problem = jsonObjectProblem(Buffer.buffer(value));
    return problem == null ? null : shown + ": not a JSON object (" + problem + ")";
  }

  /** Null if {@code json} is a JSON object, else why not. */
  private static String jsonObjectProblem(Buffer json) {
    Object value;
    try {
      value = Json.decodeValue(json);
    } catch (DecodeException e) {
      return reason(e);
    }
    if (value instanceof JsonObject) {
      return null;
    }
    return value == null ? "null" : value instanceof JsonArray ? "an array" : "a single value";
  }

  /** Jackson's complaint, shortened to its first clause and where it happened. */
  static String reason(DecodeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Failed to decode:")) {
      message = message.substring("Failed to decode:".length());
    }
    Matcher at = LOCATION.matcher(message);
    String where = null;
    while (at.find()) {
      where = " at line " + at.group(1) + ", column " + at.group(2);
    }
    String what = ClockConfig.oneLine(message);
    for (String cut : new String[] {" (start marker", ": expected", "\n at [Source"}) {
      int i = what.indexOf(cut);
      if (i > 0) {
        what = what.substring(0, i);
      }
    }
    return what.strip() + (where == null ? "" : where);
  }
}
