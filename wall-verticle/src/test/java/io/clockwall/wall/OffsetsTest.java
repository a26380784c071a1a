package io.clockwall.wall;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OffsetsTest {

  @ParameterizedTest(name = "{1} received at {0} -> {2}")
  @CsvSource(textBlock = """
      2026-11-22T14:00:01.004Z, 14:00:01, 0
      2026-11-22T14:00:01.004Z, 23:00:01, 540
      2026-11-22T14:00:01.004Z, 09:00:01, -300
      2026-11-22T14:00:01.004Z, 19:30:01, 330
      2026-11-22T14:00:01.004Z, 19:45:01, 345
      2026-11-22T14:00:01.004Z, 10:30:01, -210
      2026-11-22T14:00:01.999Z, 23:00:00, 540
      2026-11-22T23:59:59.990Z, 00:00:00, 0
      2026-11-22T00:00:00.400Z, 23:59:59, 0
      2026-11-22T22:00:00.000Z, 07:00:00, 540
      2026-11-22T03:00:00.000Z, 22:00:00, -300
      2026-11-22T10:00:00.000Z, 22:00:00, 720
      2026-11-22T10:00:00.000Z, 23:00:00, -660
      2026-11-22T10:00:00.000Z, 00:00:00, -600
      """)
  void offsetIsTheLabelMinusUtcRoundedTo15MinutesIn_minus12_plus12(String receivedAt, String label, int minutes) {
    assertEquals(minutes, Offsets.infer(label, Instant.parse(receivedAt).toEpochMilli()));
  }

  @Test
  void labelsThatAreNotHhMmSsHaveNoOffset() {
    long now = System.currentTimeMillis();
    for (String label : new String[] {"3:04PM", "24:00:00", "12:60:00", "12:00:0a", "12:00:00.5", "", "hello"}) {
      assertNull(Offsets.infer(label, now), label);
    }
  }

  @Test
  void format() {
    assertEquals("+09:00", Offsets.format(540));
    assertEquals("-05:00", Offsets.format(-300));
    assertEquals("+05:30", Offsets.format(330));
    assertEquals("-03:30", Offsets.format(-210));
    assertEquals("+00:00", Offsets.format(0));
    assertEquals("?", Offsets.format(null));
  }

  @ParameterizedTest(name = "{1} received at {0} -> skew {2}")
  @CsvSource(nullValues = "none", textBlock = """
      2026-11-22T14:00:01.004Z, 14:00:01, none
      2026-11-22T14:00:01.999Z, 23:00:01, none
      2026-11-22T14:00:02.500Z, 14:00:01, none
      2026-11-22T14:00:03.100Z, 14:00:01, -2
      2026-11-22T14:00:01.004Z, 13:55:01, -300
      2026-11-22T14:00:01.004Z, 19:30:04, 3
      2026-11-22T14:00:01.004Z, 3:04PM, none
      """)
  void skewIsTheDistanceToTheNearestRealZone(String at, String label, Integer seconds) {
    assertEquals(seconds, Offsets.skewSeconds(label, Instant.parse(at).toEpochMilli()));
  }

  @Test
  void skewIsShownCompactly() {
    assertEquals("+3s", Offsets.formatSkew(3));
    assertEquals("-5m00s", Offsets.formatSkew(-300));
    assertEquals("+7m29s", Offsets.formatSkew(449));
  }
}
