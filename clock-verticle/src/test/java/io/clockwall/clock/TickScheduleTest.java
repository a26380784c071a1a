package io.clockwall.clock;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickScheduleTest {

  /** A wall clock the test moves by hand. */
  static final class HandClock extends Clock {
    long millis;

    HandClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aimsJustAfterTheNextBoundary() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    assertEquals(1000, schedule.currentSecond());
    assertEquals(751, schedule.delayMillis());
  }

  @Test
  void namesConsecutiveSecondsWithoutDrift() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    for (long second = 1001; second < 1010; second++) {
      clock.millis += schedule.delayMillis() + 3; // every timer fires 3 ms late
      assertEquals(second, schedule.fire());
      assertEquals((second + 1) * 1000 + TickSchedule.MARGIN_MILLIS, clock.millis + schedule.delayMillis(),
        "each timer is aimed at the next boundary, whatever the lateness of the last");
    }
  }

  @Test
  void aTimerFiringAHairEarlyStillNamesTheComingSecond() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    clock.millis = 1_000_998;
    assertEquals(1001, schedule.fire());
    assertEquals(1_002_001 - 1_000_998, schedule.delayMillis());
    assertEquals(1000, schedule.currentSecond(), "a client connecting now sees the last second sent, not the next");
  }

  @Test
  void aTimerFiringFarTooEarlyWaitsForTheBoundary() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    clock.millis = 1_000_500; // the wall clock stepped back half a second
    assertEquals(TickSchedule.NO_TICK, schedule.fire());
    assertEquals(501, schedule.delayMillis());
    clock.millis = 1_001_001;
    assertEquals(1001, schedule.fire());
  }

  @Test
  void afterAPauseItResyncsInsteadOfBursting() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    clock.millis = 1_007_400; // seven seconds frozen
    assertEquals(1007, schedule.fire());
    assertEquals(601, schedule.delayMillis());
    clock.millis = 1_008_001;
    assertEquals(1008, schedule.fire());
  }

  @Test
  void afterTheClockStepsBackItFollowsIt() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    clock.millis = 900_001;
    assertEquals(900, schedule.fire());
    assertEquals(1000, schedule.delayMillis());
  }

  @Test
  void aClientConnectingBetweenTheBoundaryAndTheTickSeesTheLastSecondSent() {
    HandClock clock = new HandClock(1_000_250);
    TickSchedule schedule = new TickSchedule(clock);
    clock.millis = 1_001_000; // boundary passed, timer not fired yet
    assertEquals(1000, schedule.currentSecond());
    clock.millis = 1_001_001;
    assertEquals(1001, schedule.fire());
    assertEquals(1001, schedule.currentSecond());
  }
}
