package io.clockwall.bench;

import io.vertx.core.json.JsonObject;

/**
 * The labels a load client's connections receive, judged one by one and summed up: each label's error (its arrival
 * minus the start of the second it names, both modulo 15 minutes, so that the server may use any zone: zone offsets
 * are whole quarter hours), the time since the connection's previous label, and the labels skipped, repeated or out
 * of order; per connection (in its {@link LoadConn}) and in all.
 */
final class LabelStats {

  private static final long MOD_NS = 900L * 1_000_000_000L;

  private final Histogram firstLine = new Histogram();
  private final Histogram labelError = new Histogram();
  private final Histogram interArrival = new Histogram();
  private final TickStats ticks = new TickStats();
  private long lines;
  private long early;
  private long earliestUs;

  /**
   * A line {@code c} received at {@code now} ({@code System.nanoTime()}; plus {@code offsetNs} it is epoch nanos),
   * naming {@code label} (seconds of the day; -1: a malformed line). Only lines in the window are counted, but every
   * line is the connection's last label for the next one.
   */
  void line(LoadConn c, int label, long now, long offsetNs, boolean inWindow) {
    if (label < 0) {
      if (inWindow) {
        c.malformed++;
      }
      return;
    }
    if (c.lastLabel < 0) {
      firstLine.record((now - c.connectedNs) / 1000);
    } else if (inWindow) {
      lines++;
      c.linesInWindow++;
      long errNs = Math.floorMod(now + offsetNs - (label % 900) * 1_000_000_000L, MOD_NS);
      if (errNs >= MOD_NS / 2) {
        errNs -= MOD_NS;
      }
      if (errNs < 0) {
        early++;
        earliestUs = Math.min(earliestUs, errNs / 1000);
      }
      labelError.record(errNs / 1000);
      ticks.record(label, errNs / 1000);
      c.errorSumUs += Math.max(0, errNs / 1000);
      interArrival.record((now - c.lastArrivalNs) / 1000);
      int step = Math.floorMod(label - c.lastLabel, 86_400);
      if (step == 0) {
        c.dups++;
      } else if (step > 43_200) {
        c.outOfOrder++;
      } else if (step > 1) {
        c.skips += step - 1;
      }
    }
    c.lastLabel = label;
    c.lastArrivalNs = now;
  }

  /** The run's label figures over {@code conns} (slow clients read nothing: left out), each expected to get {@code expected} lines. */
  JsonObject summary(LoadConn[] conns, long expected) {
    int skipped = 0;
    int connsWithSkips = 0;
    int maxSkips = 0;
    int dups = 0;
    int connsWithDups = 0;
    int malformed = 0;
    int outOfOrder = 0;
    int open = 0;
    int served = 0;
    int shortConns = 0;
    int silent = 0;
    int minLines = Integer.MAX_VALUE;
    int maxLines = 0;
    int slowOpen = 0;
    Histogram connMeanError = new Histogram();
    for (LoadConn c : conns) {
      if (c == null) {
        continue;
      }
      if (c.role == LoadConn.SLOW) {
        if (c.state == LoadConn.OPEN) {
          slowOpen++;
        }
        continue;
      }
      if (c.linesInWindow > 0) {
        connMeanError.record(c.errorSumUs / c.linesInWindow);
      }
      skipped += c.skips;
      malformed += c.malformed;
      outOfOrder += c.outOfOrder;
      dups += c.dups;
      if (c.skips > 0) {
        connsWithSkips++;
      }
      if (c.dups > 0) {
        connsWithDups++;
      }
      maxSkips = Math.max(maxSkips, c.skips);
      if (c.state == LoadConn.OPEN) {
        open++;
        if (c.linesInWindow > 0) {
          served++;
        }
        minLines = Math.min(minLines, c.linesInWindow);
        maxLines = Math.max(maxLines, c.linesInWindow);
        if (c.linesInWindow < expected) {
          shortConns++;
        }
        if (c.linesInWindow == 0) {
          silent++;
        }
      }
    }
    return new JsonObject()
      .put("expectedLinesPerConn", expected)
      .put("lines", lines)
      .put("labelErrorUs", labelError.toJson())
      .put("connMeanErrorUs", connMeanError.toJson())
      .put("interArrivalUs", interArrival.toJson())
      .put("ticks", ticks.toJson())
      .put("firstLineUs", firstLine.toJson())
      .put("early", early).put("earliestUs", earliestUs)
      .put("skippedLabels", skipped).put("connsWithSkips", connsWithSkips).put("maxSkipsPerConn", maxSkips)
      .put("duplicateLabels", dups).put("connsWithDups", connsWithDups)
      .put("malformedLines", malformed).put("outOfOrder", outOfOrder)
      .put("openReadersAtEnd", open)
      .put("servedReadersAtEnd", served)
      .put("shortConns", shortConns).put("silentConns", silent)
      .put("minLinesPerConn", open == 0 ? 0 : minLines).put("maxLinesPerConn", maxLines)
      .put("slowOpenAtEnd", slowOpen);
  }
}
