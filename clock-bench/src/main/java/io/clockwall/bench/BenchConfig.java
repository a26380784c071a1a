package io.clockwall.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the benchmark was asked to do, parsed and validated once from the command line.
 * A bad flag throws {@link BadConfig} whose message is the one line the user sees.
 */
record BenchConfig(
  List<Target> targets,
  int clients, int slow, int flood, int floodBytesPerSec, int slowRcvBuf,
  int windowSeconds, int settleSeconds, int sources, int perWorker, boolean inProcess,
  int maxInflight, int connectTimeoutSeconds, String jsonFile, boolean check, long limit,
  List<String> serverJvmArgs, List<String> workerJvmArgs, String logDir, int clientParkMicros,
  int warmupSeconds, int pairs) {

  /**
   * What to measure: an existing server, the clock jar started by us, the naive port started by us, the native
   * floor server ({@code native/floor-clock.c}, compiled with the machine's cc) started by us, or the wall's live
   * page (the {@code --wall} jar reading one clock of the {@code --spawn} jar), whose viewers the clients are.
   */
  record Target(Kind kind, String name, String host, int port, List<Long> pids, String jar,
                List<String> spawnArgs, JsonObject spawnConf, String spawnClasspath, String wallClockJar) {
    enum Kind { EXISTING, SPAWN, NAIVE, LAB, FLOOR, WALL }
  }

  static final class BadConfig extends Exception {
    BadConfig(String message) {
      super(message);
    }
  }

  static final String USAGE = String.join("\n",
    "usage: scripts/bench (--spawn JAR | --target HOST:PORT | --naive | --lab \"ARGS\") [--compare] [options]",
    "  target:  --spawn JAR [--spawn-args \"ARGS\"] [--spawn-conf JSON] [--spawn-classpath JARS] [--port P] | --target HOST:PORT [--pid PID[,PID...]] | --naive",
    "           --lab \"loops=N transport=epoll|io_uring|nio flush=each|batch max=N\"   the Netty design experiment (LabClock)",
    "           --compare [LIST]     run several servers side by side, same parameters, in LIST's order: any of naive",
    "                                (the clock2 port), floor (a minimal native epoll server, built with cc), clock",
    "                                (the --spawn jar) and wall (viewers of the --wall jar's live page, its clock the",
    "                                --spawn jar); without LIST: naive,clock. Ratios are to the floor when it runs",
    "           --wall JAR           the wall's fat jar, for --compare ...,wall",
    "  load:    --clients N (1000)   --slow K (0)   --flood K (0)   --flood-rate BYTES/S (1024)   --slow-rcvbuf BYTES (0)",
    "  timing:  --window S (15)   --warmup S (5)   --settle S (2)   --connect-timeout S (60)   --max-inflight N (256)",
    "  layout:  --sources K (auto)   --per-worker N (10000)   --in-process   --client-park-us U (0)",
    "  jvm:     --server-jvm-args \"FLAGS\" ()   --worker-jvm-args \"FLAGS\" (-XX:+UseSerialGC -Xss256k -Xmx512m)",
    "           --pairs N (1)        with --compare A,B: N pairs, the order alternating (A,B then B,A ...), each",
    "                                pair's table, then B/A per pair with the median and the worst pair",
    "  output:  --json FILE   --log-dir DIR   --check [--limit L]",
    "See clock-bench/README.md.");

  static BenchConfig parse(String[] args) throws BadConfig {
    String spawn = null;
    String wall = null;
    String target = null;
    boolean naive = false;
    boolean compare = false;
    List<String> compareList = List.of("naive", "clock");
    List<String> spawnArgs = List.of();
    JsonObject spawnConf = new JsonObject();
    String spawnClasspath = null;
    String lab = null;
    int port = 0;
    List<Long> pids = List.of();
    int clients = 1000;
    int slow = 0;
    int flood = 0;
    int floodRate = 1024;
    int slowRcvBuf = 0;
    int window = 15;
    int settle = 2;
    int connectTimeout = 60;
    int maxInflight = 256;
    int sources = 0;
    int perWorker = 10_000;
    int park = 0;
    int warmup = 5;
    int pairs = 1;
    boolean inProcess = false;
    String json = null;
    String logDir = null;
    boolean check = false;
    long limit = Long.MAX_VALUE;
    List<String> serverJvm = List.of();
    List<String> workerJvm = List.of("-XX:+UseSerialGC", "-Xss256k", "-Xmx512m");

    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--naive" -> naive = true;
        case "--compare" -> {
          compare = true;
          if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
            compareList = List.of(args[++i].split(","));
            for (String name : compareList) {
              if (!List.of("naive", "floor", "clock", "wall").contains(name)) {
                throw new BadConfig("bench: --compare: '" + name + "' is not one of naive, floor, clock, wall");
              }
            }
          }
        }
        case "--in-process" -> inProcess = true;
        case "--check" -> check = true;
        case "-h", "--help" -> throw new BadConfig(USAGE);
        default -> {
          if (i + 1 >= args.length) {
            throw new BadConfig("bench: " + flag + " needs a value (or is unknown); see --help");
          }
          String v = args[++i];
          switch (flag) {
            case "--spawn" -> spawn = v;
            case "--wall" -> wall = v;
            case "--target" -> target = v;
            case "--spawn-args" -> spawnArgs = words(v);
            case "--spawn-conf" -> spawnConf = jsonObject(flag, v);
            case "--spawn-classpath" -> spawnClasspath = v;
            case "--lab" -> lab = v;
            case "--port" -> port = intIn(flag, v, 0, 65535);
            case "--pid" -> pids = pidList(v);
            case "--clients" -> clients = intIn(flag, v, 0, 1_000_000);
            case "--slow" -> slow = intIn(flag, v, 0, 1_000_000);
            case "--flood" -> flood = intIn(flag, v, 0, 1_000_000);
            case "--flood-rate" -> floodRate = intIn(flag, v, 10, 10_000_000);
            case "--slow-rcvbuf" -> slowRcvBuf = intIn(flag, v, 0, 64 * 1024 * 1024);
            case "--window" -> window = intIn(flag, v, 1, 3600);
            case "--settle" -> settle = intIn(flag, v, 0, 600);
            case "--connect-timeout" -> connectTimeout = intIn(flag, v, 1, 3600);
            case "--max-inflight" -> maxInflight = intIn(flag, v, 1, 100_000);
            case "--sources" -> sources = intIn(flag, v, 1, 250);
            case "--per-worker" -> perWorker = intIn(flag, v, 1, 19_900);
            case "--client-park-us" -> park = intIn(flag, v, 0, 100_000);
            case "--warmup" -> warmup = intIn(flag, v, 0, 3600);
            case "--pairs" -> pairs = intIn(flag, v, 1, 20);
            case "--json" -> json = v;
            case "--log-dir" -> logDir = v;
            case "--limit" -> limit = intIn(flag, v, 0, Integer.MAX_VALUE);
            case "--server-jvm-args" -> serverJvm = words(v);
            case "--worker-jvm-args" -> workerJvm = words(v);
            default -> throw new BadConfig("bench: unknown flag " + flag + "; see --help");
          }
        }
      }
    }

    int chosen = (spawn != null ? 1 : 0) + (target != null ? 1 : 0) + (naive ? 1 : 0) + (lab != null ? 1 : 0);
    if (chosen != 1) {
      throw new BadConfig("bench: give exactly one of --spawn JAR, --target HOST:PORT, --naive, --lab ARGS (got "
        + chosen + ")");
    }
    List<Target> targets = new ArrayList<>();
    List<String> order = compare ? compareList : naive ? List.of("naive") : List.of("clock");
    if (order.contains("naive") || naive) {
      targets.add(new Target(Target.Kind.NAIVE, "naive", "127.0.0.1", port, List.of(), null, List.of(), new JsonObject(), null, null));
    }
    if (order.contains("floor")) {
      targets.add(new Target(Target.Kind.FLOOR, "floor", "127.0.0.1", port, List.of(), null, List.of(), new JsonObject(), null, null));
    }
    if (lab != null) {
      targets.add(new Target(Target.Kind.LAB, "lab", "127.0.0.1", port, List.of(), null, words(lab), new JsonObject(), null, null));
    }
    if (spawn != null && !(compare && order.contains("wall") && !order.contains("clock"))) {
      if (!Files.isRegularFile(Path.of(spawn))) {
        throw new BadConfig("bench: --spawn: no such jar file '" + spawn + "'");
      }
      targets.add(new Target(Target.Kind.SPAWN, "clock", "127.0.0.1", port, List.of(), spawn, spawnArgs, spawnConf,
        spawnClasspath, null));
    }
    if (order.contains("wall")) {
      if (wall == null || spawn == null) {
        throw new BadConfig("bench: --compare ...,wall needs --wall JAR (the wall) and --spawn JAR (its clock)");
      }
      if (!Files.isRegularFile(Path.of(wall))) {
        throw new BadConfig("bench: --wall: no such jar file '" + wall + "'");
      }
      targets.add(new Target(Target.Kind.WALL, "wall", "127.0.0.1", 0, List.of(), wall, List.of(), new JsonObject(),
        null, spawn));
    }
    if (target != null) {
      int colon = target.lastIndexOf(':');
      if (colon <= 0) {
        throw new BadConfig("bench: --target must be HOST:PORT, got '" + target + "'");
      }
      String host = target.substring(0, colon);
      int tport = intIn("--target port", target.substring(colon + 1), 1, 65535);
      requireLoopback("--target", host);
      targets.add(new Target(Target.Kind.EXISTING, "target", host, tport, pids, null, List.of(), new JsonObject(),
        null, null));
    } else if (!pids.isEmpty()) {
      throw new BadConfig("bench: --pid only goes with --target (spawned servers' pids are known)");
    }
    if (compare) {
      List<String> ranked = new ArrayList<>(compareList);
      targets.sort(java.util.Comparator.comparingInt(t -> {
        int at = ranked.indexOf(t.kind() == Target.Kind.SPAWN || t.kind() == Target.Kind.EXISTING ? "clock" : t.name());
        return at < 0 ? ranked.size() : at;
      }));
    }
    if (pairs > 1 && (!compare || targets.size() != 2)) {
      throw new BadConfig("bench: --pairs needs --compare with two servers, e.g. --compare floor,clock");
    }
    int total = clients + slow + flood;
    if (total == 0) {
      throw new BadConfig("bench: nothing to do: --clients, --slow and --flood are all 0");
    }
    if (sources == 0) {
      sources = Math.max(2, (total + 9_999) / 10_000);
    }
    if ((long) total / sources > 25_000) {
      throw new BadConfig("bench: --sources " + sources + " gives " + total / sources
        + " connections per source address; ephemeral ports run out near 28,000, use more sources");
    }
    if (inProcess && total > perWorker) {
      throw new BadConfig("bench: --in-process holds at most --per-worker (" + perWorker + ") connections, asked for " + total);
    }
    return new BenchConfig(List.copyOf(targets), clients, slow, flood, floodRate, slowRcvBuf, window, settle,
      sources, perWorker, inProcess, maxInflight, connectTimeout, json, check, limit, serverJvm, workerJvm, logDir,
      park, warmup, pairs);
  }

  /**
   * The runs in order: the targets once, or with {@code --pairs N} N times, every other pass in reverse order, so
   * that neither server always runs first (on a cold machine) or second (after the other's connections).
   */
  List<List<Target>> passes() {
    List<List<Target>> passes = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      List<Target> pass = new ArrayList<>(targets);
      if (p % 2 == 1) {
        java.util.Collections.reverse(pass);
      }
      passes.add(List.copyOf(pass));
    }
    return passes;
  }

  int total() {
    return clients + slow + flood;
  }

  /**
   * Source addresses of the {@code run}-th server of this benchmark: 127.0.R.2 .. 127.0.R.(sources+1). Each run
   * connects from addresses of its own, so the previous run's connections in TIME_WAIT never slow its connects.
   */
  List<String> sourceAddresses(int run) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < sources; i++) {
      list.add("127.0." + (run % 256) + "." + (2 + i));
    }
    return list;
  }

  private static void requireLoopback(String flag, String host) throws BadConfig {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          throw new BadConfig("bench: " + flag + " '" + host + "' is not a loopback address; this tool only targets loopback");
        }
      }
    } catch (UnknownHostException e) {
      throw new BadConfig("bench: " + flag + ": unknown host '" + host + "'");
    }
  }

  private static List<Long> pidList(String v) throws BadConfig {
    List<Long> list = new ArrayList<>();
    for (String p : v.split(",")) {
      list.add((long) intIn("--pid", p.trim(), 1, Integer.MAX_VALUE));
    }
    return List.copyOf(list);
  }

  private static int intIn(String flag, String v, int min, int max) throws BadConfig {
    try {
      int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
      if (n < min || n > max) {
        throw new BadConfig("bench: " + flag + " must be in " + min + ".." + max + ", got '" + v + "'");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadConfig("bench: " + flag + " must be an integer, got '" + v + "'");
    }
  }

  private static JsonObject jsonObject(String flag, String v) throws BadConfig {
    try {
      return new JsonObject(v);
    } catch (DecodeException e) {
      throw new BadConfig("bench: " + flag + " must be a JSON object, got '" + v + "'");
    }
  }

  private static List<String> words(String v) {
    return v.isBlank() ? List.of() : Arrays.asList(v.trim().split("\\s+"));
  }
}
