package io.clockwall.ftp;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Main-Class of {@code clockwall-ftp.jar}; a small stand-in, <b>to be replaced by the shared service-runtime
 * launcher</b>.
 *
 * <pre>
 * java -jar clockwall-ftp.jar -conf conf/ftp.json          # or -conf '{"root": "/srv/ftp"}'
 * java -jar clockwall-ftp.jar hash-password [--iterations N] &lt; password   # prints a $pbkdf2-sha256$ hash
 * </pre>
 *
 * Exit codes: 2 and one line on stderr for bad arguments or config; 1 for other start failures (a busy port); 0 on
 * SIGTERM/SIGINT.
 */
public final class FtpMain {

  static final String PROGRAM = "clockwall-ftp";
  static final String USAGE = "usage: " + PROGRAM + " -conf FILE|JSON | hash-password [--iterations N] < password";

  private FtpMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("hash-password")) {
      System.exit(hashPassword(args, System.in, System.out, System.err));
    }
    JsonObject config;
    try {
      config = config(args);
      FtpConfig.from(config);
    } catch (IllegalArgumentException e) {
      System.err.println(PROGRAM + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    for (String name : new String[] {"INT", "TERM"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
    }
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new FtpVerticle(), new DeploymentOptions().setConfig(config)).onFailure(e -> {
      System.err.println(PROGRAM + ": " + e.getMessage());
      System.exit(e instanceof FtpConfigException ? 2 : 1);
    });
  }

  /** The verticle config from {@code -conf FILE|JSON}; IllegalArgumentException with a one-line message if bad. */
  static JsonObject config(String[] args) {
    if (args.length != 2 || !args[0].equals("-conf")) {
      throw new IllegalArgumentException(USAGE);
    }
    String conf = args[1];
    Path path = Path.of(conf);
    String text;
    if (Files.isRegularFile(path)) {
      try {
        text = Files.readString(path);
      } catch (IOException e) {
        throw new IllegalArgumentException("-conf " + conf + ": cannot read: " + e.getMessage());
      }
    } else if (conf.trim().startsWith("{")) {
      text = conf;
    } else {
      throw new IllegalArgumentException("-conf " + conf + ": no such file (and not a JSON object)");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("-conf " + conf + ": not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
    }
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
      err.println(PROGRAM + ": " + USAGE);
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
