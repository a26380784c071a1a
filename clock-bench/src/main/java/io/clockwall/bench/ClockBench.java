package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clock fan-out benchmark: see {@link BenchConfig#USAGE} and clock-bench/README.md.
 * Exit codes: 0 ran (and, with --check, every run was correct), 1 the run could not be carried out,
 * 2 bad command line, 3 --check found a correctness problem.
 */
public final class ClockBench {

  private ClockBench() {
  }

  public static void main(String[] args) {
    BenchConfig config;
    try {
      config = BenchConfig.parse(args);
    } catch (BenchConfig.BadConfig e) {
      boolean help = e.getMessage().equals(BenchConfig.USAGE);
      (help ? System.out : System.err).println(e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(
      () -> ProcessHandle.current().children().forEach(ProcessHandle::destroy), "bench-cleanup"));
    try {
      JsonObject report = run(config);
      List<JsonObject> runs = report.getJsonArray("runs").stream().map(o -> (JsonObject) o).toList();
      if (report.containsKey("pairs")) {
        for (int i = 0; i + 1 < runs.size(); i += 2) {
          System.out.printf("pair %d%n%s%n", i / 2 + 1, Report.table(runs.subList(i, i + 2)));
        }
        System.out.print(Pairs.table(report.getJsonObject("pairs")));
      } else {
        System.out.print(Report.table(runs));
      }
      System.out.flush();
      if (config.check() && !report.getBoolean("ok")) {
        System.exit(3);
      }
      System.exit(0);
    } catch (BenchFailure e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs every target in turn and returns the whole report (also written to --json). */
  static JsonObject run(BenchConfig config) throws BenchFailure {
    Path logDir;
    try {
      logDir = config.logDir() != null ? Files.createDirectories(Path.of(config.logDir()))
        : Files.createTempDirectory("clockwall-bench-");
    } catch (IOException e) {
      throw new BenchFailure("cannot create the log directory: " + e.getMessage());
    }
    JsonObject machine = machine();
    TargetRun.log("logs in %s; load %s; own open-file limit %s", logDir, machine.getString("loadavg"),
      Limits.self().encode());
    List<JsonObject> runs = new ArrayList<>();
    boolean noFloor = FloorServer.compiler() == null;
    for (List<BenchConfig.Target> pass : config.passes()) {
      for (BenchConfig.Target t : pass) {
        if (t.kind() == BenchConfig.Target.Kind.FLOOR && noFloor) {
          TargetRun.log("floor: skipped: no C compiler (cc or gcc) on this machine to build %s", FloorServer.SOURCE);
          continue;
        }
        runs.add(new TargetRun(config, t, logDir, classpath(), runs.size()).run());
      }
    }
    JsonObject report = new JsonObject()
      .put("machine", machine)
      .put("logDir", logDir.toString())
      .put("ok", runs.stream().allMatch(r -> r.getJsonObject("verdict").getBoolean("ok")))
      .put("runs", new JsonArray(new ArrayList<>(runs)));
    if (config.pairs() > 1 && runs.size() == 2 * config.pairs()) {
      report.put("pairs", Pairs.summary(runs));
    }
    if (config.jsonFile() != null) {
      try {
        Files.writeString(Path.of(config.jsonFile()), report.encodePrettily() + "\n");
      } catch (IOException e) {
        throw new BenchFailure("cannot write --json " + config.jsonFile() + ": " + e.getMessage());
      }
    }
    return report;
  }

  /** This jar (or, from an IDE or a test, this JVM's class path): how child processes find our classes. */
  static String classpath() {
    try {
      Path self = Path.of(ClockBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(self) ? self.toString() : System.getProperty("java.class.path");
    } catch (URISyntaxException | RuntimeException e) {
      return System.getProperty("java.class.path");
    }
  }

  private static JsonObject machine() {
    String load = "?";
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException ignored) {
      // not Linux: leave "?"
    }
    return new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors()).put("loadavg", load)
      .put("java", System.getProperty("java.vm.version"));
  }
}
