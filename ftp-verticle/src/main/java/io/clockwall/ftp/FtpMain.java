package io.clockwall.ftp;

import io.clockwall.runtime.ConfigException;
import io.clockwall.runtime.OneLine;
import io.clockwall.runtime.Service;
import io.clockwall.runtime.ServiceLauncher;
import io.clockwall.runtime.Signals;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Main class of {@code clockwall-ftp.jar}: the {@code hash-password} subcommand, else the shared
 * {@link ServiceLauncher} with what is the FTP server's own: its config ({@code FTP_*} variables over {@code -conf},
 * validated by {@link FtpConfig} before Vert.x starts).
 *
 * <pre>
 * java -jar clockwall-ftp.jar -conf conf/ftp.json          # or -conf '{"root": "/srv/ftp"}'
 * FTP_ROOT=/srv/ftp FTP_PORT=2121 java -jar clockwall-ftp.jar
 * java -jar clockwall-ftp.jar hash-password [--iterations N] &lt; password   # prints a $pbkdf2-sha256$ hash
 * </pre>
 *
 * Without {@code -instances} the server runs one verticle instance per core.
 *
 * Exit codes (the launcher's policy): 2 and one line on stderr for bad arguments or config; 1 for other start
 * failures (a busy port); 0 on SIGTERM/SIGINT.
 */
public final class FtpMain implements Service {

  static final String PROGRAM = "clockwall-ftp";
  static final String HASH_USAGE = "usage: java -jar clockwall-ftp.jar hash-password [--iterations N] < password";
  static final String HELP = """
    usage: java -jar clockwall-ftp.jar [-conf FILE|JSON] [launcher options]
           java -jar clockwall-ftp.jar hash-password [--iterations N] < password
      -conf FILE|JSON   a JSON or YAML file, or a JSON object: keys %s
      -options JSON     Vert.x options, e.g. '{"preferNativeTransport": false}'
      -instances N      verticle instances (event loops) serving the port; default: one per core (%d here)
    Environment: FTP_ROOT, FTP_PORT, FTP_HOST, FTP_MAX_CONNECTIONS, ... (one per key but users, over -conf);
    CLOCKWALL_ADMIN_PORT for /health/live, /health/ready and /metrics. SIGINT or SIGTERM stops the server, exit 0.
    hash-password reads a password from stdin and prints its $pbkdf2-sha256$ hash for "users"."""
    .formatted(String.join(", ", FtpConfig.KEYS.stream().sorted().toList()), Runtime.getRuntime().availableProcessors());

  public static void main(String[] args) throws IOException {
    Signals.exitZeroOnStop(); // first, before the launcher's classes load: a stop during start-up exits 0 too
    if (args.length > 0 && args[0].equals("hash-password")) {
      System.exit(hashPassword(args, System.in, System.out, System.err));
    }
    ServiceLauncher.main(new FtpMain(), args);
  }

  /** One verticle instance, so one event loop, per core serves the port (see {@link FtpVerticle}). */
  @Override
  public int defaultInstances() {
    return Runtime.getRuntime().availableProcessors();
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
    return FtpVerticle.class.getName();
  }

  @Override
  public Supplier<? extends Deployable> verticle() {
    return FtpVerticle::new;
  }

  /** {@code FTP_*} over {@code -conf}, validated (the root must exist): the verticle's config as is. */
  @Override
  public JsonObject configure(ServiceArgs args, Map<String, String> env) {
    if (!args.positional().isEmpty()) {
      throw new ConfigException("unexpected argument '" + OneLine.printable(args.positional().get(0))
        + "' (the FTP server takes options only, or hash-password first; -h for help)");
    }
    JsonObject conf = FtpConfig.ENV.apply(args.conf(), env);
    FtpConfig.from(conf);
    return conf;
  }

  /** Reads a password (first line of stdin), prints its hash; returns the exit code. */
  static int hashPassword(String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    if (args.length == 3 && args[1].equals("--iterations")) {
      try {
        iterations = Integer.parseInt(args[2]);
      } catch (NumberFormatException e) {
        iterations = -1;
      }
    } else if (args.length != 1) {
      err.println(PROGRAM + ": " + HASH_USAGE);
      return 2;
    }
    if (iterations < PasswordHash.MIN_ITERATIONS) {
      err.println(PROGRAM + ": hash-password: --iterations must be at least " + PasswordHash.MIN_ITERATIONS);
      return 2;
    }
    String password = new String(in.readNBytes(4096), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    if (password.isEmpty()) {
      err.println(PROGRAM + ": hash-password: no password on stdin");
      return 2;
    }
    out.println(PasswordHash.create(password.toCharArray(), iterations));
    return 0;
  }
}
