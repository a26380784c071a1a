package io.clockwall.wall;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClockConnectionTest {

  @Test
  void backoffDoublesFrom250msToA5sCapWithJitterInTheUpperHalf() {
    long[] bases = {250, 500, 1000, 2000, 4000, 5000, 5000, 5000};
    for (int attempt = 0; attempt < 40; attempt++) {
      long base = attempt < bases.length ? bases[attempt] : 5000;
      for (int i = 0; i < 200; i++) {
        long delay = ClockConnection.backoff(attempt, 250, 5000);
        assertTrue(delay >= base / 2 && delay <= base, "attempt " + attempt + ": " + delay);
      }
    }
  }

  @Test
  void noColorMeansSetAndNotEmpty() {
    assertTrue(WallVerticle.noColorRequested("1"));
    assertFalse(WallVerticle.noColorRequested(""));
    assertFalse(WallVerticle.noColorRequested(null));
  }
}
