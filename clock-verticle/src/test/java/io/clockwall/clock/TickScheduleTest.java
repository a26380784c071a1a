package io.clockwall.clock;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickScheduleTest {

  private static final long MS = 1_000_000;
  private static final long MARGIN = TickSchedule.MARGIN_NANOS;

  /** A wall clock the test moves by hand, in nanoseconds since the epoch. */
  static final class HandClock extends Clock {
    long nanos;

    HandClock(long nanos) {
      this.nanos = nanos;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(0, nanos);
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
  void aimsJustAfterTheNextBoundaryToTheNanosecond() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS + 123);
    TickSchedule schedule = new TickSchedule(clock);
    assertEquals(1000, schedule.currentSecond());
    assertEquals(750 * MS - 123 + MARGIN, schedule.delayNanos());
  }

  @Test
  void namesConsecutiveSecondsWithoutDrift() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS);
    TickSchedule schedule = new TickSchedule(clock);
    for (long second = 1001; second < 1010; second++) {
      clock.nanos += schedule.delayNanos() + 3 * MS; // every timer fires 3 ms late
      assertEquals(second, schedule.fire());
      assertEquals((second + 1) * 1000 * MS + MARGIN, clock.nanos + schedule.delayNanos(),
        "each timer is aimed at the next boundary, whatever the lateness of the last");
    }
  }

  @Test
  void aTimerFiringBeforeTheBoundaryWaitsForIt() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS);
    TickSchedule schedule = new TickSchedule(clock);
    clock.nanos = 1001 * 1000 * MS - 40_000; // the wall clock slewed 40 us behind the timer's clock
    assertEquals(TickSchedule.NO_TICK, schedule.fire(), "a label never goes out before its second");
    assertEquals(40_000 + MARGIN, schedule.delayNanos());
    assertEquals(1000, schedule.currentSecond());
    clock.nanos += schedule.delayNanos();
    assertEquals(1001, schedule.fire());
    assertEquals(1001, schedule.currentSecond());
  }

  @Test
  void aTimerFiringFarTooEarlyWaitsForTheBoundary() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS);
    TickSchedule schedule = new TickSchedule(clock);
    clock.nanos = 1000 * 1000 * MS + 500 * MS; // the wall clock stepped back half a second
    assertEquals(TickSchedule.NO_TICK, schedule.fire());
    assertEquals(500 * MS + MARGIN, schedule.delayNanos());
    clock.nanos = 1001 * 1000 * MS + MARGIN;
    assertEquals(1001, schedule.fire());
  }

  @Test
  void afterAPauseItResyncsInsteadOfBursting() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS);
    TickSchedule schedule = new TickSchedule(clock);
    clock.nanos = 1007 * 1000 * MS + 400 * MS; // seven seconds frozen
    assertEquals(1007, schedule.fire());
    assertEquals(600 * MS + MARGIN, schedule.delayNanos());
    clock.nanos = 1008 * 1000 * MS + MARGIN;
    assertEquals(1008, schedule.fire());
  }

  @Test
  void afterTheClockStepsBackItFollowsIt() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS);
    TickSchedule schedule = new TickSchedule(clock);
    clock.nanos = 900 * 1000 * MS + MARGIN;
    assertEquals(900, schedule.fire());
    assertEquals(1000 * MS, schedule.delayNanos());
  }

  @Test
  void aClientConnectingBetweenTheBoundaryAndTheTickSeesTheLastSecondSent() {
    HandClock clock = new HandClock(1000 * 1000 * MS + 250 * MS);
    TickSchedule schedule = new TickSchedule(clock);
    clock.nanos = 1001 * 1000 * MS; // boundary passed, timer not fired yet
    assertEquals(1000, schedule.currentSecond());
    clock.nanos = 1001 * 1000 * MS + MARGIN;
    assertEquals(1001, schedule.fire());
    assertEquals(1001, schedule.currentSecond());
  }
}
