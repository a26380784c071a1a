package io.clockwall.wall;

import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.LocalTime;

/**
 * The keys of a row's column that come from a clock's configured zone and working hours (pure logic):
 * {@code zone, date, dayDiff, day, dst, dstAt, dstDeltaMinutes} (null without a zone), {@code workHours} and
 * {@code atWork} (null without working hours, or when the time at the clock is unknown).
 */
final class ClockFacts {

  private ClockFacts() {
  }

  /**
   * Adds the keys to {@code column}; with a zone, its {@code offsetMinutes} becomes the zone's (known also while the
   * clock is down). {@code machine}: the row's second and this machine's zone.
   */
  static void add(JsonObject column, ClockSpec spec, ClockState state, String label, WorkHours wallWorkHours,
      Clock machine) {
    ZoneFacts facts = spec.zone() == null ? null : ZoneFacts.of(spec.zone(), machine);
    if (facts != null) {
      column.put("offsetMinutes", facts.offsetMinutes());
    }
    column.put("zone", facts == null ? null : spec.zone().getId())
        .put("date", facts == null ? null : facts.date().toString())
        .put("dayDiff", facts == null ? null : facts.dayDiff())
        .put("day", facts == null ? null : facts.day())
        .put("dst", facts == null ? null : facts.dstNote())
        .put("dstAt", facts == null || facts.dst() == null ? null : facts.dst().at().toString())
        .put("dstDeltaMinutes", facts == null || facts.dst() == null ? null : facts.dst().deltaMinutes());
    WorkHours work = spec.workHours() != null ? spec.workHours() : wallWorkHours;
    LocalTime local = localTime(spec, state, label, machine);
    column.put("workHours", work == null ? null : work.toString())
        .put("atWork", work == null || local == null ? null : work.contains(local));
  }

  /** The time at a clock: its label while it is shown (live or stale), else its zone's time by this machine. */
  private static LocalTime localTime(ClockSpec spec, ClockState state, String label, Clock machine) {
    boolean shown = state == ClockState.LIVE || state == ClockState.STALE;
    int second = shown ? Offsets.secondOfDay(label) : -1;
    if (second >= 0) {
      return LocalTime.ofSecondOfDay(second);
    }
    return spec.zone() == null ? null : LocalTime.ofInstant(machine.instant(), spec.zone());
  }
}
