package io.clockwall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairsTest {

  private static JsonObject run(String name, double p99, double cpu, double rssPerConn) {
    return new JsonObject().put("name", name)
      .put("client", new JsonObject().put("labelError", new JsonObject().put("p99_ms", p99))
        .put("skippedLabels", 0L).put("duplicateLabels", 0L).put("connected", 1000L))
      .put("server", new JsonObject().put("cpuPerSecond", cpu).put("rssPerConnKib", rssPerConn));
  }

  private static JsonObject figure(JsonObject summary, String label) {
    return summary.getJsonArray("figures").stream().map(JsonObject.class::cast)
      .filter(f -> label.equals(f.getString("figure"))).findFirst().orElseThrow();
  }

  @Test
  void ratiosAreTheOtherOverTheFloorWithMedianAndWorst() {
    JsonObject summary = Pairs.summary(List.of(
      run("floor", 20, 0.010, 0.004), run("clock", 18, 0.015, -3.5),
      run("clock", 30, 0.012, 2.5), run("floor", 20, 0.012, 0.0),
      run("floor", 10, 0.010, 0.001), run("clock", 12, 0.014, 2.4)));
    JsonObject p99 = figure(summary, "label error p99 ms");
    assertEquals(List.of(0.9, 1.5, 1.2), p99.getJsonArray("pairs").getList());
    assertEquals(1.2, p99.getDouble("median"), 1e-9);
    assertEquals(1.5, p99.getDouble("worst"), 1e-9);
    assertEquals(1.5, figure(summary, "server CPU s/s").getDouble("worst"), 1e-9);
  }

  @Test
  void rssPerConnectionBesideTheFloorIsTheClocksOwnNeverARatioOfNoise() {
    JsonObject summary = Pairs.summary(List.of(
      run("floor", 20, 0.010, 0.004), run("clock", 18, 0.015, -3.5),
      run("clock", 30, 0.012, 2.5), run("floor", 20, 0.012, 0.0)));
    JsonObject rss = figure(summary, "server RSS per connection KiB");
    assertEquals(false, rss.getBoolean("ratio"));
    assertEquals(List.of(-3.5, 2.5), rss.getJsonArray("pairs").getList());
    String line = Pairs.table(summary).lines().filter(l -> l.startsWith("server RSS per connection KiB"))
      .findFirst().orElseThrow();
    assertTrue(line.matches("server RSS per connection KiB +-3\\.50 +2\\.50 +-0\\.50 +2\\.50"), line);
  }

  @Test
  void aFigureAtOrBelowZeroHasNoRatio() {
    JsonObject summary = Pairs.summary(List.of(
      run("clock", 20, 0.010, 0.0), run("wall", 18, 0.015, 12.0),
      run("wall", 30, 0.012, -1.0), run("clock", 20, 0.012, 2.0)));
    JsonObject rss = figure(summary, "server RSS per connection KiB");
    assertEquals(true, rss.getBoolean("ratio"));
    assertEquals(java.util.Arrays.asList(null, null), rss.getJsonArray("pairs").getList());
    assertTrue(Pairs.table(summary).contains("server RSS per connection KiB"));
  }
}
