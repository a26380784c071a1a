package io.clockwall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void percentilesAreWithinTwoPercentAndMergeable() {
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    for (long v = 1; v <= 100_000; v++) {
      (v % 2 == 0 ? a : b).record(v);
    }
    a.merge(Histogram.fromJson(b.toJson()));
    assertEquals(100_000, a.count());
    assertEquals(1, a.min());
    assertEquals(100_000, a.max());
    assertTrue(Math.abs(a.percentile(50) - 50_000) <= 1_000, () -> "p50 " + a.percentile(50));
    assertTrue(Math.abs(a.percentile(99) - 99_000) <= 1_600, () -> "p99 " + a.percentile(99));
    assertEquals(100_000, a.percentile(100));
  }

  @Test
  void bucketsAreContiguous() {
    for (long v = 0; v < 1_000_000; v += 7) {
      int i = Histogram.index(v);
      assertTrue(v <= Histogram.upperEdge(i), "value " + v + " above its bucket's edge");
      assertTrue(i == 0 || v > Histogram.upperEdge(i - 1), "value " + v + " fits the bucket before");
    }
  }

  @Test
  void labelsParseOnlyInTheClockFormat() {
    assertEquals(13 * 3600 + 4 * 60 + 5, Labels.parse("13:04:05".getBytes()));
    assertEquals(-1, Labels.parse("24:00:00".getBytes()));
    assertEquals(-1, Labels.parse("1a:00:00".getBytes()));
    assertEquals(-1, Labels.parse("12-00-00".getBytes()));
  }
}
