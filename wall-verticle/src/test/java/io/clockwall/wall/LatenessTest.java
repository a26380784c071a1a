package io.clockwall.wall;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LatenessTest {

  @Test
  void p99OfTheLastMinuteByNearestRank() {
    Lateness l = new Lateness();
    assertNull(l.p99(0));
    assertNull(l.last());
    for (int i = 0; i < 100; i++) {
      l.add((long) i, 1_000L * i); // 0..99 ms, one a second
    }
    assertEquals(99L, l.last());
    // at 99 s, labels of the last 60 s are 39..99 (61 of them): the 99th percentile by nearest rank is 99
    assertEquals(99L, l.p99(99_000));
    l.add(5L, 99_500);
    assertEquals(99L, l.p99(99_500));
    // a minute after the slow labels, only the new one counts
    assertEquals(5L, l.p99(99_000 + 60_001));
    l.add(null, 159_001);
    assertNull(l.last(), "a label that names no second has no lateness");
    assertEquals(5L, l.p99(159_001), "but the minute's p99 stays");
  }

  @Test
  void keepsABoundedWindow() {
    Lateness l = new Lateness();
    for (int i = 0; i < 10_000; i++) {
      l.add(i < 9_990 ? 1_000L : 1L, 5_000 + i);
    }
    assertEquals(1_000L, l.p99(20_000), "the last " + Lateness.CAPACITY + " labels: 118 slow, 10 fast");
  }

  @Test
  void formatsCompactly() {
    assertEquals("+3ms", Lateness.format(3));
    assertEquals("-12ms", Lateness.format(-12));
    assertEquals("+999ms", Lateness.format(999));
    assertEquals("+1.2s", Lateness.format(1_250));
    assertEquals("+75s", Lateness.format(75_400));
  }
}
