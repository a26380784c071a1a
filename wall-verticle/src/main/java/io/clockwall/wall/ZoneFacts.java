package io.clockwall.wall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;

/**
 * What the wall knows of a clock whose zone is configured, by this machine's clock (pure logic; the machine's
 * instant and zone come from a {@link Clock}, so tests fix both): the date there, the day against this machine's
 * date, the UTC offset there, and the next DST change when it is within {@link #DST_AHEAD}.
 *
 * @param date          the date at the clock
 * @param dayDiff       that date minus this machine's date: -1, 0 or +1
 * @param offsetMinutes the zone's UTC offset now
 * @param dst           the next change of offset within {@link #DST_AHEAD}, or null
 * @param now           the instant these facts are for
 */
record ZoneFacts(LocalDate date, int dayDiff, int offsetMinutes, Dst dst, Instant now) {

  /** DST changes this close are shown. */
  static final Duration DST_AHEAD = Duration.ofDays(7);
  /** A label this close to its second (beyond the second a label spans) is on time: jitter, not a wrong clock. */
  static final long ON_TIME_TOLERANCE_MS = 250;

  /** A change of the zone's offset: when, and by how many minutes ({@code -60}: clocks go back an hour). */
  record Dst(Instant at, int deltaMinutes) {
  }

  static ZoneFacts of(ZoneId zone, Clock machine) {
    Instant now = machine.instant();
    LocalDate there = LocalDate.ofInstant(now, zone);
    LocalDate here = LocalDate.ofInstant(now, machine.getZone());
    int offset = zone.getRules().getOffset(now).getTotalSeconds() / 60;
    ZoneOffsetTransition next = zone.getRules().nextTransition(now);
    Dst dst = null;
    if (next != null && Duration.between(now, next.getInstant()).compareTo(DST_AHEAD) <= 0) {
      dst = new Dst(next.getInstant(),
          (next.getOffsetAfter().getTotalSeconds() - next.getOffsetBefore().getTotalSeconds()) / 60);
    }
    return new ZoneFacts(there, (int) ChronoUnit.DAYS.between(here, there), offset, dst, now);
  }

  /**
   * How far, in whole seconds, an {@code HH:mm:ss} label received at {@code receivedAtMs} is from this machine's time
   * in {@code zone} (positive: the clock is ahead); null when it is on time or not {@code HH:mm:ss}. A label names the
   * second it starts, so an honest label arrives 0 to 1 s after that second begins (a Go clock writes at any phase
   * of the second): within {@link #ON_TIME_TOLERANCE_MS} of that window it is on time. Off by hours, the answer is
   * the nearest within 12 hours (labels carry no date).
   */
  static Integer offSeconds(ZoneId zone, String label, long receivedAtMs) {
    int second = Offsets.secondOfDay(label);
    if (second < 0) {
      return null;
    }
    Instant at = Instant.ofEpochMilli(receivedAtMs);
    long localMs = LocalTime.ofInstant(at, zone).toNanoOfDay() / 1_000_000;
    long day = 86_400_000L;
    long diff = Math.floorMod(second * 1000L - localMs + day / 2, day) - day / 2; // label minus local time
    long lag = -diff;
    if (lag >= -ON_TIME_TOLERANCE_MS && lag <= 1000 + ON_TIME_TOLERANCE_MS) {
      return null;
    }
    return lag < 0 ? (int) Math.ceil(-lag / 1000.0) : -(int) Math.floor(lag / 1000.0);
  }

  /** {@code Tue}, {@code Tue +1}, {@code Mon -1}: the weekday at the clock and the day against this machine's. */
  String day() {
    String weekday = date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    return dayDiff == 0 ? weekday : weekday + " " + (dayDiff > 0 ? "+" : "") + dayDiff;
  }

  /** {@code DST in 3d -1h}, {@code DST in 5h +1h}, {@code DST in 20m +30m}; null when no change is near. */
  String dstNote() {
    if (dst == null) {
      return null;
    }
    Duration until = Duration.between(now, dst.at());
    String in = until.toDays() >= 1 ? until.toDays() + "d" : until.toHours() >= 1 ? until.toHours() + "h"
        : Math.max(1, until.toMinutes()) + "m";
    int abs = Math.abs(dst.deltaMinutes());
    String by = (dst.deltaMinutes() < 0 ? "-" : "+") + (abs % 60 == 0 ? abs / 60 + "h" : abs + "m");
    return "DST in " + in + " " + by;
  }
}
