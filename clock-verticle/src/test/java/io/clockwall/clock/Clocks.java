package io.clockwall.clock;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.regex.Pattern;

/** Deploys clocks for tests and summarises what clients saw. */
final class Clocks {

  static final Pattern CLOCK2_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d$");

  private Clocks() {
  }

  /**
   * Deploys a clock on a free port with {@code conf} (port 0 unless given) and {@code env} laid over it, as the
   * clock's jar does.
   */
  static Future<ClockVerticle> deploy(Vertx vertx, JsonObject conf, Map<String, String> env) {
    ClockVerticle clock = new ClockVerticle();
    JsonObject config = ClockMain.layered(new JsonObject().put("port", 0).mergeIn(conf), env);
    return vertx.deployVerticle(clock, new DeploymentOptions().setConfig(config)).map(id -> clock);
  }

  static Future<ClockVerticle> deploy(Vertx vertx, JsonObject conf) {
    return deploy(vertx, conf, Map.of());
  }

  /**
   * Completes once {@code condition} holds, checked every 10 ms on a Vert.x timer, for what the server sees
   * after the client already has (e.g. that a connection closed by the client is gone).
   */
  static Future<Void> eventually(Vertx vertx, java.util.function.BooleanSupplier condition) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    vertx.setPeriodic(0, 10, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }

  /** Milliseconds after their boundary that tick lines (all but each client's first) arrived. */
  static LongSummaryStatistics lateness(List<List<LineClient.Line>> perClient, java.time.ZoneId zone) {
    LongSummaryStatistics stats = new LongSummaryStatistics();
    perClient.forEach(lines -> lines.subList(1, lines.size()).forEach(line -> stats.accept(line.lateMillis(zone))));
    return stats;
  }

  /** Reads {@code socket} to its end (10 s at most between reads) and closes it; the bytes read. */
  static long drainToEof(java.net.Socket socket) throws java.io.IOException {
    socket.setSoTimeout(10_000);
    long total = 0;
    try (socket; java.io.InputStream in = socket.getInputStream()) {
      byte[] chunk = new byte[64 * 1024];
      for (int n; (n = in.read(chunk)) != -1; ) {
        total += n;
      }
    }
    return total;
  }
}
