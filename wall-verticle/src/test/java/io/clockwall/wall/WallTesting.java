package io.clockwall.wall;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers shared by the wall's in-process tests. */
final class WallTesting {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final Pattern CELL = Pattern.compile("(\\S+) (\\d\\d:\\d\\d:\\d\\d)");

  private WallTesting() {
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  static JsonObject clock(String name, int port) {
    return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", port);
  }

  static JsonObject config(JsonObject... clocks) {
    return new JsonObject().put("clocks", new JsonArray(List.of((Object[]) clocks)));
  }

  /** Deploys a plain-output wall (as when stdout is a pipe) writing to {@code out}. */
  static String deployWall(Vertx vertx, JsonObject config, CapturedOutput out) throws Exception {
    return await(vertx.deployVerticle(new WallVerticle(out, false, true), new DeploymentOptions().setConfig(config)));
  }

  /** The labels of a plain data row by clock name, e.g. {@code {Tokyo=23:00:01}}; live cells only. */
  static List<String[]> liveCells(String row) {
    List<String[]> cells = new ArrayList<>();
    for (String cell : row.split(" \\| ")) {
      Matcher m = CELL.matcher(cell);
      if (m.matches()) {
        cells.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return cells;
  }

  /** The first {@code n} data rows (no header, no health line) from line {@code from} on, once they are printed. */
  static List<String> dataRows(CapturedOutput out, int from, int n) throws Exception {
    int at = from - 1;
    List<String> rows = new ArrayList<>();
    while (rows.size() < n) {
      at = out.awaitLine(at + 1, WallTesting::isDataRow, WAIT);
      rows.add(out.line(at));
    }
    return rows;
  }

  static boolean isDataRow(String line) {
    return !line.startsWith("clocks: ") && !line.startsWith("health: ");
  }

  static int secondOfDay(String label) {
    return LocalTime.parse(label).toSecondOfDay();
  }
}
