package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurement of one target: start the server (if ours), let it settle, connect every client
 * (spread over load-client processes), measure over the window, collect, stop the server.
 * Every wait is bounded; the result is plain JSON that {@link Report} prints.
 */
final class TargetRun {

  private final BenchConfig config;
  private final BenchConfig.Target target;
  private final Path logDir;
  private final String benchJar;
  private final int index;

  /** The {@code index}-th run of the benchmark (0, 1, ...), which picks its source addresses. */
  TargetRun(BenchConfig config, BenchConfig.Target target, Path logDir, String benchJar, int index) {
    this.index = index;
    this.config = config;
    this.target = target;
    this.logDir = logDir;
    this.benchJar = benchJar;
  }

  JsonObject run() throws BenchFailure {
    ServerProcess server = null;
    List<LoadHandle> loads = new ArrayList<>();
    try {
      String host = target.host();
      int port = target.port();
      List<Long> pid = target.pids();
      if (target.kind() != BenchConfig.Target.Kind.EXISTING) {
        server = ServerProcess.start(target, config.serverJvmArgs(), logDir, benchJar);
        recordPid(server.pid());
        port = server.port();
        pid = List.of(server.pid());
      }
      log("%s: server %s:%d pid %s; settling %d s", target.name(), host, port, pid, config.settleSeconds());
      ServerProcess.pause(config.settleSeconds() * 1000L);
      ProcStat idle = sample(pid, true);
      long logIdle = server == null ? -1 : server.logLines();

      long t0 = System.nanoTime();
      loads = startLoads(host, port);
      int workers = loads.size();
      List<JsonObject> readies = new ArrayList<>();
      long readyTimeout = (config.connectTimeoutSeconds() + 30L) * 1000L + 60_000L;
      for (LoadHandle l : loads) {
        readies.add(l.awaitReady(readyTimeout));
      }
      double readyMs = (System.nanoTime() - t0) / 1e6;
      ProcStat connected = sample(pid, false);
      log("%s: %d load client(s) ready after %.0f ms", target.name(), loads.size(), readyMs);

      long now = System.currentTimeMillis() + config.warmupSeconds() * 1000L;   // JIT, heap and buffers settle
      long start = ((now + 300) / 1000 + 1) * 1000 + 500;   // half way between two ticks
      long end = start + config.windowSeconds() * 1000L;
      for (LoadHandle l : loads) {
        l.go(start, end);
      }
      sleepUntil(start);
      ProcStat wStart = sample(pid, false);
      long[] machineStart = ProcStat.machineTicks();
      List<ProcStat> clientStart = loads.stream().map(l -> sample(l.pid(), false)).toList();
      long logStart = server == null ? -1 : server.logLines();
      long maxRss = wStart.rssKib();
      int fdsLate = -1;   // counted a second before the end: listing 20,000 fds takes longer than the last 50 ms
      for (int s = 1; s < config.windowSeconds(); s++) {      // bounded: one sample a second
        sleepUntil(start + s * 1000L);
        boolean last = s == config.windowSeconds() - 1;
        ProcStat t = sample(pid, last);
        maxRss = Math.max(maxRss, t.rssKib());
        if (last) {
          fdsLate = t.fds();
        }
      }
      sleepUntil(end - 50);
      ProcStat wEnd = sample(pid, false).withFds(fdsLate);
      long[] machineEnd = ProcStat.machineTicks();
      List<ProcStat> clientEnd = loads.stream().map(l -> sample(l.pid(), false)).toList();
      long logEnd = server == null ? -1 : server.logLines();
      maxRss = Math.max(maxRss, wEnd.rssKib());

      List<JsonObject> results = new ArrayList<>();
      for (LoadHandle l : loads) {
        results.add(l.awaitResult(60_000));
      }
      JsonObject client = Report.merge(results);
      for (LoadHandle l : loads) {
        l.close();
      }
      loads = List.of();
      JsonObject exit = new JsonObject();
      if (server != null) {
        server.close();
        exit = server.exit();
      }

      double clientCpu = 0;
      for (int i = 0; i < clientStart.size(); i++) {
        clientCpu += clientEnd.get(i).cpuPerSecondSince(clientStart.get(i));
      }
      double serverCpu = wEnd.cpuPerSecondSince(wStart);
      double seconds = (wEnd.atNs() - wStart.atNs()) / 1e9;
      boolean machineKnown = machineStart[0] >= 0 && machineEnd[0] >= 0 && seconds > 0;
      double otherCpu = machineKnown ? (machineEnd[0] - machineStart[0]) / ProcStat.TICKS_PER_SECOND / seconds
        - serverCpu - clientCpu : Double.NaN;
      double steal = machineKnown ? (machineEnd[1] - machineStart[1]) / ProcStat.TICKS_PER_SECOND / seconds
        : Double.NaN;
      // served: open readers that got labels in the window, plus slow clients the server had not closed
      long held = client.getLong("servedReadersAtEnd") + client.getLong("slowOpenAtEnd")
        - client.getLong("slowClosedByServer");
      JsonObject srv = new JsonObject()
        .put("pids", new JsonArray(new ArrayList<>(pid)))
        .put("idle", idle.toJson())
        .put("connected", connected.toJson())
        .put("windowStart", wStart.toJson())
        .put("windowEnd", wEnd.toJson())
        .put("maxRssKib", maxRss)
        .put("cpuPerSecond", nanToNull(serverCpu))
        .put("sysPerSecond", nanToNull(wEnd.sysPerSecondSince(wStart)))
        .put("rssPerConnKib", held > 0 && idle.rssKib() > 0 ? (wEnd.rssKib() - idle.rssKib()) / (double) held : null)
        .put("rssGrowthInWindowKib", wStart.rssKib() >= 0 ? wEnd.rssKib() - wStart.rssKib() : null)
        .put("logLinesIdle", logIdle)
        .put("logLinesConnectPhase", logStart >= 0 ? logStart - logIdle : -1)
        .put("logLinesInWindow", logStart >= 0 ? logEnd - logStart : -1)
        .put("log", server == null ? null : server.log().toString())
        .put("exit", exit);
      JsonObject run = new JsonObject()
        .put("name", target.name())
        .put("kind", target.kind().name().toLowerCase())
        .put("jar", target.jar())
        .put("host", host).put("port", port)
        .put("params", params(workers))
        .put("window", new JsonObject().put("startEpochMs", start).put("endEpochMs", end))
        .put("readyMs", readyMs)
        .put("workerLimits", new JsonArray(readies.stream().map(r -> r.getJsonObject("limits")).toList()))
        .put("client", client)
        .put("clientCpuPerSecond", nanToNull(clientCpu))
        .put("otherCpuPerSecond", nanToNull(otherCpu))
        .put("stealPerSecond", nanToNull(steal))
        .put("heldAtEnd", held)
        .put("server", srv);
      run.put("verdict", Report.verdict(run, config.total(), config.limit()));
      return run;
    } finally {
      for (LoadHandle l : loads) {
        l.close();
      }
      if (server != null) {
        server.close();
      }
    }
  }

  private JsonObject params(int workers) {
    return new JsonObject()
      .put("clients", config.clients()).put("slow", config.slow()).put("flood", config.flood())
      .put("floodBytesPerSec", config.floodBytesPerSec()).put("slowRcvBuf", config.slowRcvBuf())
      .put("windowSeconds", config.windowSeconds()).put("warmupSeconds", config.warmupSeconds())
      .put("sources", config.sources())
      .put("workers", workers).put("inProcess", config.inProcess())
      .put("clientParkMicros", config.clientParkMicros())
      .put("serverJvmArgs", new JsonArray(List.copyOf(config.serverJvmArgs())))
      .put("spawnArgs", new JsonArray(List.copyOf(target.spawnArgs())))
      .put("spawnConf", target.spawnConf());
  }

  private List<LoadHandle> startLoads(String host, int port) throws BenchFailure {
    int total = config.total();
    int workers = config.inProcess() ? 1 : (total + config.perWorker() - 1) / config.perWorker();
    // lifetime bound: connect phase + settle + time to be told GO + the window + slack
    long lifetimeMs = (config.connectTimeoutSeconds() * 2L + 60 + config.warmupSeconds() + config.windowSeconds() + 60)
      * 1000L;
    List<LoadHandle> loads = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        WorkerSpec spec = new WorkerSpec(host, port, config.sourceAddresses(index),
          share(config.clients(), w, workers), share(config.slow(), w, workers), share(config.flood(), w, workers),
          config.floodBytesPerSec(), config.slowRcvBuf(), Math.max(1, config.maxInflight() / workers),
          config.connectTimeoutSeconds() * 1000L, 5_000, lifetimeMs, config.clientParkMicros(),
          target.kind() == BenchConfig.Target.Kind.WALL ? "/events" : null);
        String name = "load-" + (w + 1);
        if (config.inProcess()) {
          loads.add(new LoadHandle.InProcess(spec, name));
        } else {
          List<String> cmd = new ArrayList<>();
          cmd.add(ServerProcess.javaBinary());
          cmd.addAll(config.workerJvmArgs());
          cmd.addAll(List.of("-cp", benchJar, LoadWorker.class.getName(), spec.toJson().encode()));
          LoadHandle child = new LoadHandle.Child(spec, name, cmd);
          loads.add(child);
          recordPid(child.pid());
        }
      }
      return loads;
    } catch (BenchFailure | RuntimeException e) {
      loads.forEach(LoadHandle::close);
      throw e;
    }
  }

  /** Every process we start is listed in {@code <logDir>/pids}, so a wrapper script can clean up after a killed bench. */
  private void recordPid(long pid) {
    try {
      Files.writeString(logDir.resolve("pids"), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log("cannot record pid %d in %s: %s", pid, logDir, e.getMessage());
    }
  }

  private static int share(int n, int w, int workers) {
    return n / workers + (w < n % workers ? 1 : 0);
  }

  /** The sum over the server processes (several with SO_REUSEPORT); unknown if there are none. */
  private static ProcStat sample(List<Long> pids, boolean countFds) {
    if (pids.isEmpty()) {
      return ProcStat.unknown();
    }
    ProcStat sum = null;
    for (long p : pids) {
      ProcStat s = ProcStat.sample(p, countFds);
      sum = sum == null ? s : sum.plus(s);
    }
    return sum;
  }

  private static ProcStat sample(long pid, boolean countFds) {
    return pid > 0 ? ProcStat.sample(pid, countFds) : ProcStat.unknown();
  }

  private static Object nanToNull(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static void sleepUntil(long epochMs) {
    long ms = epochMs - System.currentTimeMillis();
    if (ms > 0) {
      ServerProcess.pause(ms);
    }
  }

  static void log(String format, Object... args) {
    System.err.println("bench: " + String.format(format, args));
  }
}
