package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Merges load clients' results, judges correctness, and prints the table. */
final class Report {

  private static final List<String> SUMS = List.of("attempted", "connected", "connectFailed", "bindFailed",
    "connectTimedOut", "closedBeforeWindow", "lines", "early", "skippedLabels", "connsWithSkips",
    "duplicateLabels", "connsWithDups", "malformedLines", "outOfOrder", "closedBeforeFirstLine",
    "closedInWindow", "openReadersAtEnd", "servedReadersAtEnd", "shortConns", "silentConns", "slowOpenAtEnd",
    "slowClosedByServer", "floodBytes", "readers", "slow", "flood");
  private static final List<String> MAXES = List.of("maxSkipsPerConn", "maxLinesPerConn", "expectedLinesPerConn");
  private static final List<String> HISTOGRAMS = List.of("labelErrorUs", "interArrivalUs", "clientLagUs",
    "firstLineUs", "connMeanErrorUs");

  /** A tick whose labels are on average this much later than the median tick's is named under the table. */
  static final double LATE_TICK_MS = 100;

  private Report() {
  }

  /** One client result out of several: counters summed, histograms merged and summarised in ms. */
  static JsonObject merge(List<JsonObject> results) {
    JsonObject m = new JsonObject();
    for (String k : SUMS) {
      m.put(k, results.stream().mapToLong(r -> r.getLong(k, 0L)).sum());
    }
    for (String k : MAXES) {
      m.put(k, results.stream().mapToLong(r -> r.getLong(k, 0L)).max().orElse(0));
    }
    m.put("connectPhaseMs", results.stream().mapToDouble(r -> r.getDouble("connectPhaseMs", 0.0)).max().orElse(0));
    m.put("minLinesPerConn", results.stream().filter(r -> r.getLong("openReadersAtEnd", 0L) > 0)
      .mapToLong(r -> r.getLong("minLinesPerConn")).min().orElse(0));
    m.put("earliestUs", results.stream().mapToLong(r -> r.getLong("earliestUs", 0L)).min().orElse(0));
    for (String k : HISTOGRAMS) {
      Histogram h = new Histogram();
      results.forEach(r -> h.merge(Histogram.fromJson(r.getJsonObject(k))));
      m.put(k.replace("Us", ""), h.summaryMillis());
    }
    m.put("ticks", TickStats.summary(results.stream().map(r -> r.getJsonObject("ticks", new JsonObject())).toList(),
      LATE_TICK_MS));
    Set<String> stopped = new LinkedHashSet<>();
    JsonArray errors = new JsonArray();
    JsonArray closes = new JsonArray();
    for (JsonObject r : results) {
      stopped.add(r.getString("stoppedBy"));
      r.getJsonArray("errorSamples", new JsonArray()).forEach(e -> {
        if (errors.size() < 5 && !errors.contains(e)) {
          errors.add(e);
        }
      });
      r.getJsonArray("closeSamples", new JsonArray()).forEach(e -> {
        if (closes.size() < 5) {
          closes.add(e);
        }
      });
    }
    return m.put("stoppedBy", new JsonArray(new ArrayList<>(stopped)))
      .put("errorSamples", errors).put("closeSamples", closes);
  }

  /** Correctness only, never timing: {ok, problems[]}. */
  static JsonObject verdict(JsonObject run, long total, long limit) {
    JsonObject c = run.getJsonObject("client");
    List<String> problems = new ArrayList<>();
    count(problems, c, "skippedLabels", "skipped labels");
    count(problems, c, "duplicateLabels", "duplicate labels");
    count(problems, c, "malformedLines", "malformed lines");
    count(problems, c, "outOfOrder", "labels out of order");
    count(problems, c, "silentConns", total > limit
      ? "connections neither served nor refused (connected, then nothing: stuck in the server's accept queue?)"
      : "reading connections that got nothing in the window");
    long failed = c.getLong("connectFailed") + c.getLong("bindFailed") + c.getLong("connectTimedOut");
    long closed = c.getLong("closedBeforeWindow") + c.getLong("closedInWindow");
    long held = run.getLong("heldAtEnd");
    if (total <= limit) {
      if (failed > 0) {
        problems.add(failed + " connections failed to connect " + c.getJsonArray("errorSamples").encode());
      }
      if (closed > 0) {
        problems.add(closed + " connections closed by the server " + c.getJsonArray("closeSamples").encode());
      }
    } else {
      long heldAll = c.getLong("servedReadersAtEnd") + c.getLong("slowOpenAtEnd");
      if (heldAll < limit) {
        problems.add("held " + heldAll + " connections, below the limit " + limit);
      }
      if (heldAll > limit) {
        problems.add("held " + heldAll + " connections, above the limit " + limit);
      }
    }
    if (!c.getJsonArray("stoppedBy").equals(new JsonArray().add("window end"))) {
      problems.add("load client stopped by " + c.getJsonArray("stoppedBy").encode());
    }
    if (c.getLong("lines") == 0) {
      problems.add("no labels received in the window");
    }
    JsonObject exit = run.getJsonObject("server").getJsonObject("exit");
    if (exit.getBoolean("diedEarly", false)) {
      problems.add("server died during the run (exit code " + exit.getInteger("exitCode") + ")");
    }
    return new JsonObject().put("ok", problems.isEmpty()).put("problems", new JsonArray(problems))
      .put("held", held);
  }

  private static void count(List<String> problems, JsonObject c, String key, String what) {
    long n = c.getLong(key, 0L);
    if (n > 0) {
      problems.add(n + " " + what);
    }
  }

  /** A row; with {@code ratio} it gets a ratio column, unless beside the floor and not {@code againstFloor}. */
  private record Row(String label, Function<JsonObject, Object> value, boolean ratio, boolean againstFloor) {
    Row(String label, Function<JsonObject, Object> value, boolean ratio) {
      this(label, value, ratio, true);
    }
  }

  /**
   * {@code other} over {@code base}, or null where that says nothing: every figure with a ratio is a size, a time or
   * a rate, so one at or below zero (RSS that shrank in the window) has none.
   */
  static Double ratio(Object base, Object other) {
    return base instanceof Number x && other instanceof Number y && x.doubleValue() > 0 && y.doubleValue() >= 0
      ? y.doubleValue() / x.doubleValue() : null;
  }

  private static final List<Row> ROWS = List.of(
    new Row("connections readers/slow/flood", r -> p(r, "clients") + "/" + p(r, "slow") + "/" + p(r, "flood"), false),
    new Row("load processes x source addrs", r -> p(r, "workers") + " x " + p(r, "sources"), false),
    new Row("connected / attempted", r -> c(r, "connected") + "/" + c(r, "attempted"), false),
    new Row("connect failures", r -> c(r).getLong("connectFailed") + c(r).getLong("bindFailed")
      + c(r).getLong("connectTimedOut"), false),
    new Row("closed by server before/in window", r -> c(r, "closedBeforeWindow") + "/" + c(r, "closedInWindow"), false),
    new Row("served at window end", r -> r.getLong("heldAtEnd"), true),
    new Row("connect phase s", r -> c(r).getDouble("connectPhaseMs") / 1000, true),
    new Row("first line after connect p99 ms", r -> h(r, "firstLine", "p99_ms"), true),
    new Row("label error p50 ms", r -> h(r, "labelError", "p50_ms"), true),
    new Row("label error p99 ms", r -> h(r, "labelError", "p99_ms"), true),
    new Row("label error max ms", r -> h(r, "labelError", "max_ms"), true),
    new Row("label error min ms", r -> h(r, "labelError", "min_ms"), false),
    new Row("label error mean ms", r -> h(r, "labelError", "mean_ms"), true),
    new Row("per-conn mean error p99 ms", r -> h(r, "connMeanError", "p99_ms"), true),
    new Row("fairness: that p99 / mean", Report::fairness, true),
    new Row("slowest tick: mean label error ms", r -> c(r).getJsonObject("ticks").getValue("slowestMeanMs"), true),
    new Row("ticks " + (int) LATE_TICK_MS + " ms later than median / all", r -> c(r).getJsonObject("ticks")
      .getLong("lateCount") + "/" + c(r).getJsonObject("ticks").getLong("ticks"), false),
    new Row("inter-arrival p99 ms", r -> h(r, "interArrival", "p99_ms"), true),
    new Row("inter-arrival max ms", r -> h(r, "interArrival", "max_ms"), true),
    new Row("client read lag p99 ms", r -> h(r, "clientLag", "p99_ms"), true),
    new Row("labels in window", r -> c(r, "lines"), true),
    new Row("per conn min..max / expected", r -> c(r, "minLinesPerConn") + ".." + c(r, "maxLinesPerConn")
      + " / " + c(r, "expectedLinesPerConn"), false),
    new Row("short / silent connections", r -> c(r, "shortConns") + "/" + c(r, "silentConns"), false),
    new Row("skipped labels (connections)", r -> c(r, "skippedLabels") + " (" + c(r, "connsWithSkips") + ")", false),
    new Row("duplicate labels (connections)", r -> c(r, "duplicateLabels") + " (" + c(r, "connsWithDups") + ")", false),
    new Row("malformed lines / out of order", r -> c(r, "malformedLines") + "/" + c(r, "outOfOrder"), false),
    new Row("slow clients closed by server", r -> c(r, "slowClosedByServer") + "/" + p(r, "slow"), false),
    new Row("flood bytes sent", r -> c(r, "floodBytes"), false),
    new Row("server RSS idle MiB", r -> mib(s(r, "idle").getLong("rssKib")), true),
    new Row("server RSS window start MiB", r -> mib(s(r, "windowStart").getLong("rssKib")), true),
    new Row("server RSS window end MiB", r -> mib(s(r, "windowEnd").getLong("rssKib")), true),
    new Row("server RSS growth in window MiB", r -> mibOrNull(r.getJsonObject("server").getLong("rssGrowthInWindowKib")), false),
    // the native floor allocates nothing per connection: its figure is zero or noise, no base for a ratio
    new Row("server RSS per connection KiB", r -> r.getJsonObject("server").getValue("rssPerConnKib"), true, false),
    new Row("server CPU s/s", r -> r.getJsonObject("server").getValue("cpuPerSecond"), true),
    new Row("... of which in the kernel s/s", r -> r.getJsonObject("server").getValue("sysPerSecond"), true),
    new Row("server threads / fds at end", r -> s(r, "windowEnd").getInteger("threads") + " / "
      + s(r, "windowEnd").getInteger("fds"), false),
    new Row("client CPU s/s (all load procs)", r -> r.getValue("clientCpuPerSecond"), true),
    new Row("machine: other processes / steal s/s", r -> fmt(r.getValue("otherCpuPerSecond")) + " / "
      + fmt(r.getValue("stealPerSecond")), false),
    new Row("server log lines connect/window", r -> r.getJsonObject("server").getLong("logLinesConnectPhase") + "/"
      + r.getJsonObject("server").getLong("logLinesInWindow"), false),
    new Row("server SIGTERM exit code / ms", r -> {
      JsonObject e = r.getJsonObject("server").getJsonObject("exit");
      return e.isEmpty() ? "-" : e.getValue("exitCode") + " / " + e.getValue("exitMs") + (e.getBoolean("killed") ? " KILLED" : "");
    }, false),
    new Row("correctness", r -> r.getJsonObject("verdict").getBoolean("ok") ? "PASS"
      : "FAIL", false));

  static String table(List<JsonObject> runs) {
    List<String[]> lines = new ArrayList<>();
    // Ratios: every other run to the floor when the floor ran, else the second run to the first.
    int base = -1;
    for (int i = 0; i < runs.size(); i++) {
      if ("floor".equals(runs.get(i).getString("name"))) {
        base = i;
      }
    }
    boolean floor = base >= 0;
    if (base < 0 && runs.size() == 2) {
      base = 0;
    }
    List<Integer> ratioOf = new ArrayList<>();
    for (int i = 0; base >= 0 && i < runs.size(); i++) {
      if (i != base) {
        ratioOf.add(i);
      }
    }
    String[] head = new String[runs.size() + 1 + ratioOf.size()];
    head[0] = "window " + runs.get(0).getJsonObject("params").getInteger("windowSeconds") + " s";
    for (int i = 0; i < runs.size(); i++) {
      head[i + 1] = runs.get(i).getString("name");
    }
    for (int k = 0; k < ratioOf.size(); k++) {
      head[runs.size() + 1 + k] = runs.get(ratioOf.get(k)).getString("name") + "/" + runs.get(base).getString("name");
    }
    lines.add(head);
    for (Row row : ROWS) {
      String[] line = new String[head.length];
      line[0] = row.label();
      Object[] raw = new Object[runs.size()];
      for (int i = 0; i < runs.size(); i++) {
        try {
          raw[i] = row.value().apply(runs.get(i));
        } catch (RuntimeException e) {
          raw[i] = null;
        }
        line[i + 1] = fmt(raw[i]);
      }
      for (int k = 0; k < ratioOf.size(); k++) {
        Double r = row.ratio() && (row.againstFloor() || !floor) ? ratio(raw[base], raw[ratioOf.get(k)]) : null;
        line[runs.size() + 1 + k] = r == null ? "" : String.format(Locale.ROOT, "%.2fx", r);
      }
      lines.add(line);
    }
    StringBuilder sb = new StringBuilder(render(lines));
    for (JsonObject r : runs) {
      for (Object p : r.getJsonObject("verdict").getJsonArray("problems")) {
        sb.append(r.getString("name")).append(": FAIL: ").append(p).append('\n');
      }
      for (Object o : c(r).getJsonObject("ticks").getJsonArray("late", new JsonArray())) {
        JsonObject t = (JsonObject) o;
        sb.append(String.format(Locale.ROOT, "%s: late tick %s: mean %.0f ms, max %.0f ms (median tick %.0f ms);"
          + " mean per load client %s%n", r.getString("name"), t.getString("label"), t.getDouble("meanMs"),
          t.getDouble("maxMs"), c(r).getJsonObject("ticks").getDouble("medianMeanMs"),
          t.getJsonArray("perClientMeanMs").stream().map(Report::fmt).toList()));
      }
    }
    return sb.toString();
  }

  /**
   * How unequal the clients' lot is: the p99 over connections of each connection's mean label error, over the mean
   * of all labels. 1.0 when every client is as late as the average; a fixed fan-out order makes it large.
   */
  static Double fairness(JsonObject run) {
    double mean = ((Number) h(run, "labelError", "mean_ms")).doubleValue();
    double p99 = ((Number) h(run, "connMeanError", "p99_ms")).doubleValue();
    return mean <= 0 ? null : p99 / mean;
  }

  /**
   * Rows as aligned columns: the first left-aligned, the others right-aligned, two spaces apart, a rule of dashes
   * under the first row (the header).
   */
  static String render(List<String[]> lines) {
    int[] width = new int[lines.get(0).length];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < lines.size(); n++) {
      String[] l = lines.get(n);
      StringBuilder row = new StringBuilder(String.format("%-" + width[0] + "s", l[0]));
      for (int i = 1; i < l.length; i++) {
        row.append(String.format("  %" + width[i] + "s", l[i]));
      }
      sb.append(row).append('\n');
      if (n == 0) {
        sb.append("-".repeat(row.length())).append('\n');
      }
    }
    return sb.toString();
  }

  private static JsonObject c(JsonObject run) {
    return run.getJsonObject("client");
  }

  private static Object c(JsonObject run, String key) {
    return c(run).getValue(key);
  }

  private static Object p(JsonObject run, String key) {
    return run.getJsonObject("params").getValue(key);
  }

  private static JsonObject s(JsonObject run, String key) {
    return run.getJsonObject("server").getJsonObject(key);
  }

  private static Object h(JsonObject run, String hist, String key) {
    return c(run).getJsonObject(hist).getValue(key);
  }

  private static Object mib(long kib) {
    return kib < 0 ? null : kib / 1024.0;
  }

  private static Object mibOrNull(Long kib) {
    return kib == null ? null : kib / 1024.0;
  }

  private static String fmt(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "-";
      }
      double a = Math.abs(d);
      return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", d);
    }
    return v.toString();
  }
}
