package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label errors per tick (the second a label names), so that a run's tail can be told apart: a whole tick served late
 * (the server, or the machine, stopped for a moment) from a few connections that are always late. Kept per load
 * client and merged across them by label: one late tick in both load processes is the server's or the machine's, in
 * only one it is that client's.
 */
final class TickStats {

  /** label (second of the day) → {labels, sum of their errors µs, max error µs}. */
  private final Map<Integer, long[]> ticks = new TreeMap<>();
  private int lastLabel = -1;
  private long[] last;

  void record(int label, long errorUs) {
    if (label != lastLabel) {
      last = ticks.computeIfAbsent(label, l -> new long[3]);
      lastLabel = label;
    }
    last[0]++;
    last[1] += errorUs;
    last[2] = Math.max(last[2], errorUs);
  }

  /** {"label": [labels, sumUs, maxUs], ...}. */
  JsonObject toJson() {
    JsonObject o = new JsonObject();
    ticks.forEach((label, t) -> o.put(Integer.toString(label), new JsonArray().add(t[0]).add(t[1]).add(t[2])));
    return o;
  }

  /**
   * The ticks of a run's load clients ({@link #toJson} each) in short: how many, the median tick's mean error, the
   * slowest tick's mean error and its label, and each tick whose mean error is more than {@code lateMs} above the
   * median (at most ten, slowest first) with its mean in each load client.
   */
  static JsonObject summary(List<JsonObject> perClient, double lateMs) {
    TickStats all = new TickStats();
    for (JsonObject c : perClient) {
      c.forEach(e -> {
        JsonArray a = (JsonArray) e.getValue();
        long[] t = all.ticks.computeIfAbsent(Integer.parseInt(e.getKey()), l -> new long[3]);
        t[0] += a.getLong(0);
        t[1] += a.getLong(1);
        t[2] = Math.max(t[2], a.getLong(2));
      });
    }
    JsonObject s = new JsonObject().put("ticks", all.ticks.size());
    if (all.ticks.isEmpty()) {
      return s;
    }
    double[] means = all.ticks.values().stream().mapToDouble(TickStats::mean).sorted().toArray();
    double median = means[means.length / 2];
    JsonArray late = new JsonArray();
    all.ticks.entrySet().stream()
      .filter(e -> mean(e.getValue()) > median + lateMs)
      .sorted((a, b) -> Double.compare(mean(b.getValue()), mean(a.getValue())))
      .limit(10)
      .forEach(e -> late.add(new JsonObject().put("label", clock(e.getKey())).put("meanMs", mean(e.getValue()))
        .put("maxMs", e.getValue()[2] / 1000.0)
        .put("perClientMeanMs", new JsonArray(perClient.stream().map(c -> {
          JsonArray a = c.getJsonArray(Integer.toString(e.getKey()));
          return a == null ? null : a.getLong(1) / (double) a.getLong(0) / 1000;
        }).toList()))));
    var slowest = all.ticks.entrySet().stream().max(Comparator.comparingDouble(e -> mean(e.getValue())))
      .orElseThrow();
    return s.put("medianMeanMs", median).put("slowestMeanMs", mean(slowest.getValue()))
      .put("slowestLabel", clock(slowest.getKey()))
      .put("lateCount", Arrays.stream(means).filter(m -> m > median + lateMs).count()).put("late", late);
  }

  private static double mean(long[] t) {
    return t[1] / (double) t[0] / 1000;
  }

  private static String clock(int label) {
    return String.format("%02d:%02d:%02d", label / 3600, label / 60 % 60, label % 60);
  }
}
