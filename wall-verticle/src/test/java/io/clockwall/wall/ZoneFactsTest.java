package io.clockwall.wall;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A zoned clock's date, day change, DST note and check of its labels, at fixed instants (java.time.Clock). */
class ZoneFactsTest {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Clock at(String instant, ZoneId machine) {
    return Clock.fixed(Instant.parse(instant), machine);
  }

  @Test
  void theNextDstChangeIsShownWithinSevenDaysOnly() {
    // London leaves summer time on Sunday 2027-10-31 at 01:00 UTC
    ZoneFacts london = ZoneFacts.of(LONDON, at("2027-10-28T00:00:00Z", ZoneOffset.UTC));
    assertEquals("DST in 3d -1h", london.dstNote());
    assertEquals(Instant.parse("2027-10-31T01:00:00Z"), london.dst().at());
    assertEquals(-60, london.dst().deltaMinutes());
    assertEquals(60, london.offsetMinutes(), "still summer time");
    // New York starts summer time on 2027-03-14 at 07:00 UTC
    assertEquals("DST in 2d +1h", ZoneFacts.of(NEW_YORK, at("2027-03-11T12:00:00Z", ZoneOffset.UTC)).dstNote());
    assertEquals("DST in 5h +1h", ZoneFacts.of(NEW_YORK, at("2027-03-14T01:30:00Z", ZoneOffset.UTC)).dstNote());
    assertEquals("DST in 20m +1h", ZoneFacts.of(NEW_YORK, at("2027-03-14T06:40:00Z", ZoneOffset.UTC)).dstNote());
    assertNull(ZoneFacts.of(NEW_YORK, at("2027-03-06T06:59:59Z", ZoneOffset.UTC)).dstNote(), "7 days and 1 s away");
    assertEquals("DST in 7d +1h", ZoneFacts.of(NEW_YORK, at("2027-03-07T07:00:00Z", ZoneOffset.UTC)).dstNote());
    assertNull(ZoneFacts.of(TOKYO, at("2027-03-11T12:00:00Z", ZoneOffset.UTC)).dst(), "Tokyo has no DST");
    assertEquals("DST in 2d +30m", ZoneFacts.of(ZoneId.of("Australia/Lord_Howe"),
        at("2027-09-30T00:00:00Z", ZoneOffset.UTC)).dstNote(), "Lord Howe moves by half an hour");
  }

  @Test
  void theDateAtTheClockAndItsDayAgainstThisMachinesDate() {
    // Friday 2027-01-15 20:00 UTC: Saturday in Tokyo, still Friday in New York
    Clock machine = at("2027-01-15T20:00:00Z", ZoneOffset.UTC);
    ZoneFacts tokyo = ZoneFacts.of(TOKYO, machine);
    assertEquals(LocalDate.of(2027, 1, 16), tokyo.date());
    assertEquals("Sat +1", tokyo.day());
    assertEquals(540, tokyo.offsetMinutes());
    assertEquals("Fri", ZoneFacts.of(NEW_YORK, machine).day());
    // this machine in Tokyo, 08:00 on Saturday: New York is still on Friday
    assertEquals("Fri -1", ZoneFacts.of(NEW_YORK, at("2027-01-15T23:00:00Z", TOKYO)).day());
  }

  @Test
  void aClockOffBySecondsOrHoursAgainstItsZoneIsMarkedWithHowFar() {
    long received = Instant.parse("2027-01-15T08:00:01.004Z").toEpochMilli(); // 17:00:01.004 in Tokyo
    assertNull(ZoneFacts.offSeconds(TOKYO, "17:00:01", received), "an aligned honest clock");
    assertNull(ZoneFacts.offSeconds(TOKYO, "17:00:00", received), "a Go clock writing late in its second");
    assertEquals(5, ZoneFacts.offSeconds(TOKYO, "17:00:06", received), "a clock that lies by 5 s, ahead");
    assertEquals(-5, ZoneFacts.offSeconds(TOKYO, "16:59:56", received), "5 s behind");
    assertEquals(1, ZoneFacts.offSeconds(TOKYO, "17:00:02", received), "one second ahead");
    assertEquals(-9 * 3600, ZoneFacts.offSeconds(TOKYO, "08:00:01", received), "a UTC clock configured as Tokyo");
    assertNull(ZoneFacts.offSeconds(TOKYO, "5:00:01 PM", received), "not HH:mm:ss: not checked");
    long midnight = Instant.parse("2027-01-15T15:00:00.010Z").toEpochMilli(); // 00:00:00.010 in Tokyo
    assertNull(ZoneFacts.offSeconds(TOKYO, "00:00:00", midnight), "across midnight");
    assertEquals(3, ZoneFacts.offSeconds(TOKYO, "00:00:03", midnight));
    assertEquals(-2, ZoneFacts.offSeconds(TOKYO, "23:59:58", midnight));
    assertEquals("+5s", Offsets.formatSkew(5));
    assertEquals("-9h00m", Offsets.formatSkew(-9 * 3600));
    assertEquals("+1h02m05s", Offsets.formatSkew(3725));
  }

  @Test
  void workingHoursAnd12HourLabels() {
    WorkHours day = WorkHours.parse("09:00-18:00");
    assertTrue(day.contains(java.time.LocalTime.of(9, 0)));
    assertTrue(day.contains(java.time.LocalTime.of(17, 59, 59)));
    assertFalse(day.contains(java.time.LocalTime.of(18, 0)));
    WorkHours night = WorkHours.parse("22:00-06:00");
    assertTrue(night.contains(java.time.LocalTime.of(23, 0)));
    assertTrue(night.contains(java.time.LocalTime.of(5, 59)));
    assertFalse(night.contains(java.time.LocalTime.of(12, 0)));
    assertEquals("18:00-24:00", WorkHours.parse("18:00-24:00").toString());
    assertTrue(WorkHours.parse("18:00-24:00").contains(java.time.LocalTime.of(23, 59)));
    assertEquals("11:00:01 PM", CellText.label("23:00:01", 12));
    assertEquals("12:00:01 AM", CellText.label("00:00:01", 12));
    assertEquals("12:30:00 PM", CellText.label("12:30:00", 12));
    assertEquals("9:05:00 AM", CellText.label("09:05:00", 12));
    assertEquals("23:00:01", CellText.label("23:00:01", 24));
    assertEquals("Mon Jan  2 15:04:05", CellText.label("Mon Jan  2 15:04:05", 12), "not HH:mm:ss: as sent");
  }
}
