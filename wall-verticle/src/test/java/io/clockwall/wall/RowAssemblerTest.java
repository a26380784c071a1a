package io.clockwall.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Row assembly with explicit time: one row per second, no stutter, no doubles. */
class RowAssemblerTest {

  /** A whole second (2027-01-15T08:00:00Z). */
  private static final long T = Instant.parse("2027-01-15T08:00:00Z").toEpochMilli();
  private static final ClockSpec A = new ClockSpec("A", "h", 1);
  private static final ClockSpec B = new ClockSpec("B", "h", 2);
  private static final ClockSpec C = new ClockSpec("C", "h", 3);

  private final List<JsonObject> rows = new ArrayList<>();
  private RowAssembler assembler;

  @BeforeEach
  void wall() {
    assembler = new RowAssembler(900, T + 10, rows::add);
    assembler.setColumns(List.of(A, B), WallConfig.Sort.CONFIG);
  }

  /** The label a clock at {@code offsetMinutes} sends at {@code epochMs}. */
  private static String label(long epochMs, int offsetMinutes) {
    return Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toLocalTime()
        .withNano(0).toString();
  }

  private void tick(ClockSpec clock, long at, int offsetMinutes) {
    assembler.onTick(clock.name(), label(at, offsetMinutes), at, at);
  }

  private void live(ClockSpec... clocks) {
    for (ClockSpec c : clocks) {
      assembler.onState(c.name(), ClockState.LIVE, 0, T);
    }
  }

  private static String render(JsonObject row) {
    return row.getJsonArray("columns").stream().map(o -> (JsonObject) o)
        .map(c -> c.getString("clock") + " " + CellText.cell(c, 24, true, false))
        .collect(Collectors.joining(" | "));
  }

  @Test
  void aRowAsSoonAsEveryLiveClockReportedForTheNewSecond() {
    live(A, B);
    tick(A, T + 1_003, 0);
    assertEquals(0, rows.size());
    tick(B, T + 1_005, 540);
    assertEquals(1, rows.size());
    assertEquals(T / 1000 + 1, rows.get(0).getLong("second"));
    assertEquals("A 08:00:01 | B 17:00:01", render(rows.get(0)));
    assertEquals(540, rows.get(0).getJsonArray("columns").getJsonObject(1).getInteger("offsetMinutes"));
    assembler.poll(T + 1_950);
    assertEquals(1, rows.size(), "no second row for the same second");
  }

  @Test
  void atStartTheFirstLineOfAConnectingClockIsWaitedForButADownOneIsNot() {
    assembler.setColumns(List.of(A, B, C), WallConfig.Sort.CONFIG);
    assembler.onState("C", ClockState.DOWN, 0, T);
    live(A);
    tick(A, T + 1_003, 0);
    assertEquals(0, rows.size(), "B is connecting: its first line is due");
    live(B);
    tick(B, T + 1_040, 0);
    assertEquals(List.of("A 08:00:01 | B 08:00:01 | C down"), rows.stream().map(RowAssemblerTest::render).toList());
  }

  @Test
  void unalignedClocksShareTheirRowEverySecond() {
    live(A, B);
    for (int s = 1; s <= 5; s++) {
      long base = T + s * 1000L;
      tick(A, base + 150, 0);
      assembler.poll(base + 400);
      tick(B, base + 700, 330);
      assembler.poll(base + 990);
    }
    assertEquals(5, rows.size());
    for (int s = 1; s <= 5; s++) {
      assertEquals(label(T + s * 1000L, 0) + " | B " + label(T + s * 1000L, 330),
          render(rows.get(s - 1)).substring(2));
    }
  }

  @Test
  void aLiveClockThatMissesASecondDelaysTheRowByTheDeadlineOnly() {
    live(A, B);
    tick(A, T + 1_010, 0);
    tick(B, T + 1_020, 0);
    tick(A, T + 2_010, 0);
    assembler.poll(T + 2_909);
    assertEquals(1, rows.size());
    assembler.poll(T + 2_910);
    assertEquals(2, rows.size());
    assertEquals("A 08:00:02 | B 08:00:01", render(rows.get(1)));
  }

  @Test
  void aSecondWithoutAnyReportStillGetsItsRowJustAfterItEnds() {
    assembler.onState("A", ClockState.DOWN, 0, T);
    assembler.poll(T + 1_049);
    assertEquals(0, rows.size());
    assembler.poll(T + 1_050);
    assertEquals(1, rows.size());
    assertEquals(T / 1000, rows.get(0).getLong("second"));
    assertEquals("A down | B connecting", render(rows.get(0)));
    assembler.poll(T + 2_049);
    assembler.poll(T + 2_050);
    assertEquals(2, rows.size());
    // a pause of the event loop does not replay the seconds it missed
    assembler.poll(T + 9_500);
    assembler.poll(T + 9_600);
    assertEquals(3, rows.size());
    assertEquals(T / 1000 + 8, rows.get(2).getLong("second"));
  }

  @Test
  void twoLinesInOneSecondOrALateLineNeverDoubleARow() {
    live(A);
    assembler.onState("B", ClockState.STALE, 0, T);
    tick(A, T + 1_001, 0);
    tick(A, T + 1_990, 0);
    assertEquals(1, rows.size());
    tick(A, T + 2_001, 0);
    tick(A, T + 3_002, 0);
    assertEquals(List.of(T / 1000 + 1, T / 1000 + 2, T / 1000 + 3),
        rows.stream().map(r -> r.getLong("second")).toList());
  }

  @Test
  void aReportForALaterSecondFirstEmitsThePendingRow() {
    live(A, B);
    tick(A, T + 1_500, 0);
    tick(A, T + 2_400, 0);
    assertEquals(1, rows.size());
    assertEquals(T / 1000 + 1, rows.get(0).getLong("second"));
    assertEquals("A 08:00:01 | B connecting", render(rows.get(0)).replace(" | B 08", " | B 08"));
  }

  @Test
  void sortByOffsetPutsUnknownOffsetsLastAndKeepsConfigOrderForTies() {
    assembler.setColumns(List.of(A, B, C), WallConfig.Sort.OFFSET);
    live(A, B, C);
    assembler.onTick("A", "not a time", T + 1_001, T + 1_001);
    tick(B, T + 1_002, 540);
    tick(C, T + 1_003, -300);
    assertEquals("C 03:00:01 | B 17:00:01 | A not a time", render(rows.get(0)));
    assembler.setColumns(List.of(C, B, A), WallConfig.Sort.NAME);
    tick(A, T + 2_001, 0);
    tick(B, T + 2_002, 540);
    tick(C, T + 2_003, -300);
    assertEquals("A 08:00:02 | B 17:00:02 | C 03:00:02", render(rows.get(1)));
  }

  @Test
  void removedClocksVanishAndTheOthersKeepWhatTheyKnow() {
    live(A, B);
    tick(A, T + 1_001, 0);
    tick(B, T + 1_002, 0);
    assembler.setColumns(List.of(B), WallConfig.Sort.CONFIG);
    assembler.onTick("A", "08:00:02", T + 2_001, T + 2_001);
    assembler.poll(T + 3_100);
    assertEquals("B 08:00:01", render(rows.get(1)));
  }

  @Test
  void eachColumnCarriesItsClocksHealthKeptAcrossStateChangesAndColumnChanges() {
    live(A, B);
    assembler.onHealth("A", 3L, false, 9L, 0);
    tick(A, T + 1_003, 0);
    assembler.onHealth("B", null, false, null, 2);
    tick(B, T + 1_005, 540);
    JsonObject a = rows.get(0).getJsonArray("columns").getJsonObject(0);
    JsonObject b = rows.get(0).getJsonArray("columns").getJsonObject(1);
    assertEquals(List.of(3L, 9L, 0L), List.of(a.getLong("lateMs"), a.getLong("lateP99Ms"), a.getLong("reconnects")));
    assertEquals(null, b.getLong("lateMs"));
    assertEquals(2L, b.getLong("reconnects"));
    assembler.onHealth("A", null, true, 12L, 1); // a state message: the last lateness stays
    assembler.setColumns(List.of(B, A), WallConfig.Sort.CONFIG);
    tick(A, T + 2_003, 0);
    tick(B, T + 2_004, 540);
    JsonObject a2 = rows.get(1).getJsonArray("columns").getJsonObject(1);
    assertEquals(List.of(3L, 12L, 1L), List.of(a2.getLong("lateMs"), a2.getLong("lateP99Ms"),
        a2.getLong("reconnects")));
  }

  @Test
  void aZonedClockHasItsDateDayDstAndIsCheckedAgainstItsZoneWorkingHoursFromItsLabel() {
    long t = Instant.parse("2027-10-28T23:30:00Z").toEpochMilli(); // Friday 00:30 in London (BST), DST ends Sunday
    List<JsonObject> out = new ArrayList<>();
    RowAssembler zoned = new RowAssembler(900, t + 10, out::add, ZoneOffset.UTC);
    ClockSpec london = new ClockSpec("London", "h", 1, java.time.ZoneId.of("Europe/London"), null);
    ClockSpec liar = new ClockSpec("Liar", "h", 2, java.time.ZoneId.of("Europe/London"), WorkHours.parse("00:00-01:00"));
    ClockSpec plain = new ClockSpec("Plain", "h", 3);
    zoned.setColumns(List.of(london, liar, plain), WallConfig.Sort.CONFIG);
    zoned.setDisplay(12, WorkHours.parse("09:00-17:00"));
    for (ClockSpec c : List.of(london, liar, plain)) {
      zoned.onState(c.name(), ClockState.LIVE, 0, t);
    }
    zoned.onTick("London", label(t + 1_003, 60), t + 1_003, t + 1_003);
    zoned.onTick("Liar", label(t + 6_003, 60), t + 1_004, t + 1_004); // 5 s ahead
    zoned.onTick("Plain", label(t + 1_005, 0), t + 1_005, t + 1_005);
    assertEquals(1, out.size());
    JsonObject row = out.get(0);
    assertEquals(12, row.getInteger("hours"));
    JsonObject l = row.getJsonArray("columns").getJsonObject(0);
    assertEquals("Europe/London", l.getString("zone"));
    assertEquals("2027-10-29", l.getString("date"));
    assertEquals(1, l.getInteger("dayDiff"));
    assertEquals("Fri +1", l.getString("day"));
    assertEquals("DST in 2d -1h", l.getString("dst"));
    assertEquals("2027-10-31T01:00:00Z", l.getString("dstAt"));
    assertEquals(-60, l.getInteger("dstDeltaMinutes"));
    assertEquals(60, l.getInteger("offsetMinutes"));
    assertEquals(null, l.getInteger("skewSeconds"), "on time");
    assertEquals("09:00-17:00", l.getString("workHours"), "the wall's working hours");
    assertEquals(false, l.getBoolean("atWork"), "00:30 is not within 09:00-17:00");
    JsonObject liarColumn = row.getJsonArray("columns").getJsonObject(1);
    assertEquals(5, liarColumn.getInteger("skewSeconds"), "5 s ahead of London's time by this machine");
    assertEquals(true, liarColumn.getBoolean("atWork"), "its own working hours, 00:00-01:00");
    assertEquals("London 12:30:01 AM | Liar 12:30:06 AM (skew +5s) [work] | Plain 11:30:01 PM",
        row.getJsonArray("columns").stream().map(o -> (JsonObject) o)
            .map(c -> c.getString("clock") + " " + CellText.cell(c, 12, true, false))
            .collect(Collectors.joining(" | ")));
    JsonObject p = row.getJsonArray("columns").getJsonObject(2);
    assertEquals(null, p.getString("zone"));
    assertEquals(null, p.getString("day"));
    assertEquals(false, p.getBoolean("atWork"));
  }

  @Test
  void aZonedClockIsSortedByItsZonesOffsetEvenWhileDown() {
    List<JsonObject> out = new ArrayList<>();
    RowAssembler sorted = new RowAssembler(900, T + 10, out::add, ZoneOffset.UTC);
    ClockSpec newYork = new ClockSpec("NewYork", "h", 1, java.time.ZoneId.of("America/New_York"), null);
    sorted.setColumns(List.of(A, newYork), WallConfig.Sort.OFFSET);
    sorted.onState("A", ClockState.LIVE, 0, T);
    sorted.onState("NewYork", ClockState.DOWN, 0, T);
    sorted.onTick("A", label(T + 1_003, 0), T + 1_003, T + 1_003);
    assertEquals("NewYork down | A 08:00:01", render(out.get(0)), "west to east, though New York never spoke");
    assertEquals(-300, out.get(0).getJsonArray("columns").getJsonObject(0).getInteger("offsetMinutes"));
  }

  @Test
  void theLabelSentOnConnectReadLateIsShownButNotMarkedAsSkew() {
    List<JsonObject> out = new ArrayList<>();
    RowAssembler a = new RowAssembler(900, T + 10, out::add, ZoneOffset.UTC);
    ClockSpec utc = new ClockSpec("Utc", "h", 1, java.time.ZoneId.of("UTC"), null);
    a.setColumns(List.of(utc), WallConfig.Sort.CONFIG);
    a.onState("Utc", ClockState.LIVE, 0, T);
    a.onTick("Utc", "08:00:00", T + 1_600, T + 1_600, true); // written at 08:00:00.9, read 700 ms later
    assertEquals("Utc 08:00:00", render(out.get(0)));
    a.onTick("Utc", "08:00:00", T + 2_600, T + 2_600, false); // a tick that late: the clock is behind
    assertEquals("Utc 08:00:00 (skew -2s)", render(out.get(1)));
  }
}
