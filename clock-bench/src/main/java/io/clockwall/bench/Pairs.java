package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The summary of {@code --pairs N}: for each figure, the second server's over the first's (the floor's, when it
 * runs) in every pair, the median over the pairs and the worst pair. One pair's two runs are measured minutes
 * apart on the same machine, so their ratio is what moves least from machine to machine.
 */
final class Pairs {

  /**
   * A figure, shown as the ratio of the two servers' or, when not {@code ratio}, as the second server's own. A
   * figure that is not {@code againstFloor} is shown as the second server's own beside the native floor server, whose
   * value is no measure of it (the floor allocates nothing per connection: its RSS per connection is zero or noise).
   */
  private record Figure(String label, Function<JsonObject, Double> value, boolean ratio, boolean againstFloor) {
    Figure(String label, Function<JsonObject, Double> value, boolean ratio) {
      this(label, value, ratio, true);
    }
  }

  private static final List<Figure> FIGURES = List.of(
    new Figure("label error p50 ms", r -> hist(r, "labelError", "p50_ms"), true),
    new Figure("label error p99 ms", r -> hist(r, "labelError", "p99_ms"), true),
    new Figure("label error mean ms", r -> hist(r, "labelError", "mean_ms"), true),
    new Figure("slowest tick: mean label error ms", r -> num(r.getJsonObject("client").getJsonObject("ticks")
      .getValue("slowestMeanMs")), true),
    new Figure("server CPU s/s", r -> num(r.getJsonObject("server").getValue("cpuPerSecond")), true),
    new Figure("server RSS per connection KiB", r -> num(r.getJsonObject("server").getValue("rssPerConnKib")), true,
      false),
    new Figure("fairness: p99 conn mean / mean", Report::fairness, false),
    new Figure("skipped + duplicate labels / 1000 conns", r -> 1000.0 * (r.getJsonObject("client")
      .getLong("skippedLabels") + r.getJsonObject("client").getLong("duplicateLabels"))
      / Math.max(1, r.getJsonObject("client").getLong("connected")), false));

  private Pairs() {
  }

  /** {@code runs} in the order they ran, two per pair. */
  static JsonObject summary(List<JsonObject> runs) {
    String base = runs.stream().anyMatch(r -> "floor".equals(r.getString("name"))) ? "floor"
      : runs.get(0).getString("name");
    String other = runs.stream().map(r -> r.getString("name")).filter(n -> !n.equals(base)).findFirst().orElse(base);
    JsonArray figures = new JsonArray();
    for (Figure f : FIGURES) {
      boolean ratio = f.ratio() && (f.againstFloor() || !"floor".equals(base));
      List<Double> values = new ArrayList<>();
      for (int i = 0; i + 1 < runs.size(); i += 2) {
        JsonObject a = pick(runs.get(i), runs.get(i + 1), base);
        JsonObject b = pick(runs.get(i), runs.get(i + 1), other);
        Double y = safe(f.value(), b);
        values.add(ratio ? Report.ratio(safe(f.value(), a), y) : y);
      }
      double[] known = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
      figures.add(new JsonObject().put("figure", f.label()).put("ratio", ratio)
        .put("pairs", new JsonArray(new ArrayList<>(values)))
        .put("median", known.length == 0 ? null : median(known))
        .put("worst", known.length == 0 ? null : known[known.length - 1]));
    }
    return new JsonObject().put("base", base).put("other", other).put("pairs", runs.size() / 2)
      .put("order", new JsonArray(runs.stream().map(r -> r.getString("name")).toList()))
      .put("figures", figures);
  }

  static String table(JsonObject summary) {
    int n = summary.getInteger("pairs");
    String other = summary.getString("other");
    String base = summary.getString("base");
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d alternating pairs (order %s): %s/%s per pair; absolute %s figures "
      + "where no ratio%n", n, String.join(",", summary.getJsonArray("order").stream().map(Object::toString).toList()),
      other, base, other));
    List<String[]> lines = new ArrayList<>();
    String[] head = new String[n + 3];
    head[0] = "figure";
    for (int p = 0; p < n; p++) {
      head[p + 1] = "pair " + (p + 1);
    }
    head[n + 1] = "median";
    head[n + 2] = "worst";
    lines.add(head);
    for (Object o : summary.getJsonArray("figures")) {
      JsonObject f = (JsonObject) o;
      boolean ratio = f.getBoolean("ratio");
      String[] line = new String[n + 3];
      line[0] = f.getString("figure");
      JsonArray values = f.getJsonArray("pairs");
      for (int p = 0; p < n; p++) {
        line[p + 1] = fmt(values.getValue(p), ratio);
      }
      line[n + 1] = fmt(f.getValue("median"), ratio);
      line[n + 2] = fmt(f.getValue("worst"), ratio);
      lines.add(line);
    }
    sb.append(Report.render(lines));
    return sb.toString();
  }

  private static JsonObject pick(JsonObject a, JsonObject b, String name) {
    return name.equals(a.getString("name")) ? a : b;
  }

  private static Double safe(Function<JsonObject, Double> f, JsonObject run) {
    try {
      return f.apply(run);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static double median(double[] sorted) {
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static String fmt(Object v, boolean ratio) {
    if (!(v instanceof Number x)) {
      return "-";
    }
    double d = x.doubleValue();
    return String.format(Locale.ROOT, ratio ? "%.2fx" : "%.2f", d);
  }

  private static Double hist(JsonObject run, String hist, String key) {
    return num(run.getJsonObject("client").getJsonObject(hist).getValue(key));
  }

  private static Double num(Object v) {
    return v instanceof Number n ? n.doubleValue() : null;
  }
}
