package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminal output, character by character. */
class TerminalPrinterTest {

  private static final String E = "\u001b[";

  private static JsonObject col(String clock, String state, String label, Integer offset, long invalid) {
    return new JsonObject().put("clock", clock).put("state", state).put("label", label).put("offsetMinutes", offset)
        .put("invalidLines", invalid);
  }

  private static JsonObject row(JsonObject... columns) {
    return new JsonObject().put("second", 1L).put("columns", new JsonArray(java.util.List.of((Object[]) columns)));
  }

  @Test
  void plainPrintsAHeaderWhenColumnsOrOffsetsChangeAndOneLinePerRow() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, false, true);
    printer.print(row(col("NewYork", "connecting", null, null, 0), col("London", "down", null, null, 0),
        col("Tokyo", "connecting", null, null, 0)));
    printer.print(row(col("NewYork", "live", "09:00:01", -300, 0), col("London", "live", "14:00:01", 0, 0),
        col("Tokyo", "live", "23:00:01", 540, 0)));
    printer.print(row(col("NewYork", "live", "09:00:02", -300, 0), col("London", "live", "14:00:02", 0, 0),
        col("Tokyo", "live", "23:00:02", 540, 0)));
    printer.print(row(col("NewYork", "stale", "09:00:02", -300, 0), col("London", "down", "14:00:02", 0, 0),
        col("Tokyo", "invalid", "23:00:02", 540, 3)));
    printer.print(row(col("NewYork", "stale", null, null, 0), col("Tokyo", "live", "23:00:04", 540, 3)));
    printer.close();
    assertEquals("""
        clocks: NewYork ? | London ? | Tokyo ?
        NewYork connecting | London down | Tokyo connecting
        health: NewYork - | London - | Tokyo -
        clocks: NewYork -05:00 | London +00:00 | Tokyo +09:00
        NewYork 09:00:01 | London 14:00:01 | Tokyo 23:00:01
        NewYork 09:00:02 | London 14:00:02 | Tokyo 23:00:02
        NewYork 09:00:02 (stale) | London down | Tokyo invalid
        clocks: NewYork ? | Tokyo +09:00
        NewYork stale | Tokyo 23:00:04
        health: NewYork - | Tokyo -
        """, out.text(), "a health line first, then when the columns or a reconnect count change");
  }

  private static JsonObject health(JsonObject column, Long late, Long p99, long reconnects) {
    return column.put("lateMs", late).put("lateP99Ms", p99).put("reconnects", reconnects);
  }

  private static JsonObject row(long second, JsonObject... columns) {
    return row(columns).put("second", second);
  }

  @Test
  void plainHealthLineEveryTenSecondsAndWhenAReconnectCountChangesRowsUnchanged() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, false, true);
    printer.print(row(19, health(col("Tokyo", "live", "23:00:19", 540, 0), 3L, 9L, 0),
        health(col("London", "down", null, null, 0), 40L, 1_250L, 1)));
    printer.print(row(20, health(col("Tokyo", "live", "23:00:20", 540, 0), -2L, 9L, 0),
        health(col("London", "down", null, null, 0), null, 1_250L, 1)));
    printer.print(row(21, health(col("Tokyo", "stale", "23:00:20", 540, 0), 12_345L, 9L, 0),
        health(col("London", "connecting", null, null, 0), null, null, 1)));
    printer.print(row(22, health(col("Tokyo", "live", "23:00:22", 540, 0), 4L, 9L, 0),
        health(col("London", "live", "14:00:22", 0, 0), 999L, 999L, 2)));
    assertEquals("""
        clocks: Tokyo +09:00 | London ?
        Tokyo 23:00:19 | London down
        health: Tokyo +3ms p99 +9ms | London p99 +1.2s 1 reconnect
        Tokyo 23:00:20 | London down
        health: Tokyo -2ms p99 +9ms | London p99 +1.2s 1 reconnect
        Tokyo 23:00:20 (stale) | London connecting
        clocks: Tokyo +09:00 | London +00:00
        Tokyo 23:00:22 | London 14:00:22
        health: Tokyo +4ms p99 +9ms | London +999ms p99 +999ms 2 reconnects
        """, out.text(), "rows keep their grammar; lateness shown only while live or stale");
  }

  @Test
  void ttyRedrawsTheRowInPlaceAndTheHeaderOnlyWhenItChangesWithoutColorUnderNoColor() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, true, false);
    printer.print(row(col("NewYork", "connecting", null, null, 0), col("Tokyo", "down", null, null, 0)));
    assertEquals(E + "?25l" + "\rNewYork    | Tokyo" + E + "K\r\n"
        + "\rconnecting | down" + E + "K" + E + "?25h\r\n", out.text(),
        "whole lines, cursor hidden while drawing: it rests, visible, below the table");

    int before = out.text().length();
    printer.print(row(col("NewYork", "live", "09:00:01", -300, 0), col("Tokyo", "live", "23:00:01", 540, 0)));
    assertEquals(E + "?25l" + E + "2A" + "\rNewYork -05:00 | Tokyo +09:00" + E + "K\r\n"
        + "\r09:00:01       | 23:00:01" + E + "K" + E + "?25h\r\n", out.text().substring(before),
        "offsets known: up two lines, header and row rewritten");

    before = out.text().length();
    printer.print(row(col("NewYork", "live", "09:00:02", -300, 0), col("Tokyo", "invalid", "23:00:01", 540, 12)));
    assertEquals(E + "?25l" + E + "1A" + "\r09:00:02       | invalid (12)" + E + "K" + E + "?25h\r\n",
        out.text().substring(before),
        "same header: up one line, the row rewritten");

    before = out.text().length();
    printer.print(row(col("NewYork", "stale", "09:00:02", -300, 0), col("Tokyo", "live", "23:00:03", 540, 12)));
    assertEquals(E + "?25l" + E + "2A" + "\rNewYork -05:00   | Tokyo +09:00" + E + "K\r\n"
        + "\r09:00:02 (stale) | 23:00:03" + E + "K" + E + "?25h\r\n", out.text().substring(before),
        "a wider cell widens its column: header and row are redrawn aligned");

    before = out.text().length();
    printer.close();
    printer.close();
    assertEquals(E + "?25h", out.text().substring(before), "closing shows the cursor (already below the table) again");
  }

  @Test
  void ttyColorsStatesAndBoldHeaderAndResetsAttributesOnClose() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, true, true);
    printer.print(row(col("A", "live", "09:00:01", -300, 0), col("B", "stale", "10:00:00", null, 0),
        col("C", "down", null, null, 0), col("D", "connecting", null, null, 0), col("E", "invalid", null, null, 2)));
    printer.close();
    assertEquals(E + "?25l"
        + "\r" + E + "1mA -05:00" + E + "0m | " + E + "1mB" + E + "0m                | " + E + "1mC" + E + "0m    | "
        + E + "1mD" + E + "0m          | " + E + "1mE" + E + "0m" + E + "K\r\n"
        + "\r09:00:01 | " + E + "33m10:00:00 (stale)" + E + "0m | " + E + "31mdown" + E + "0m | "
        + E + "2mconnecting" + E + "0m | " + E + "35minvalid (2)" + E + "0m" + E + "K" + E + "?25h\r\n"
        + E + "0m" + E + "?25h", out.text());
  }

  @Test
  void everyTtyFrameIsWholeLinesThatStartAtColumnZero() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, true, true);
    for (int s = 1; s <= 3; s++) {
      int before = out.text().length();
      printer.print(row(col("UTC", "live", "12:00:0" + s, s == 1 ? null : 0, 0)));
      String frame = out.text().substring(before);
      assertTrue(frame.startsWith(E + "?25l"), "the cursor is hidden while a frame is drawn: " + frame);
      assertTrue(frame.endsWith(E + "K" + E + "?25h\r\n"),
          "a frame shows the cursor before its last newline (a line relay passes it on at once): " + frame);
      for (String line : frame.split("\r\n")) {
        assertTrue(line.matches("(\u001b\\[[0-9;?]*[A-Za-z])*\r[^\r\n]*"),
            "each line starts over at column 0 (a relay's prefix is written over): " + line);
      }
    }
  }

  @Test
  void closingBeforeAnythingWasDrawnWritesNothing() {
    CapturedOutput out = new CapturedOutput();
    new TerminalPrinter(out, true, true).close();
    new TerminalPrinter(out, false, true).close();
    assertEquals("", out.text());
  }

  @Test
  void jsonOutputIsOneObjectPerRowWithEveryKeyAndNoEscapesEvenOnATty() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = TerminalPrinter.json(out);
    printer.print(row(1_800_000_001L, health(col("Tokyo", "live", "17:00:01", 540, 0), 3L, 9L, 0)
        .put("skewSeconds", null), health(col("London", "down", null, null, 2), null, null, 4)));
    printer.close();
    String noZone = "\"zone\":null,\"date\":null,\"dayDiff\":null,\"day\":null,\"dst\":null,\"dstAt\":null,"
        + "\"dstDeltaMinutes\":null,\"workHours\":null,\"atWork\":null";
    assertEquals("{\"time\":\"2027-01-15T08:00:01Z\",\"hours\":24,\"clocks\":["
        + "{\"name\":\"Tokyo\",\"label\":\"17:00:01\",\"state\":\"live\",\"offset\":\"+09:00\",\"offsetMinutes\":540,"
        + "\"lateMs\":3,\"lateP99Ms\":9,\"skewSeconds\":null,\"reconnects\":0,\"invalidLines\":0," + noZone + "},"
        + "{\"name\":\"London\",\"label\":null,\"state\":\"down\",\"offset\":null,\"offsetMinutes\":null,"
        + "\"lateMs\":null,\"lateP99Ms\":null,\"skewSeconds\":null,\"reconnects\":4,\"invalidLines\":2," + noZone + "}]}\n",
        out.text());
  }

  private static JsonObject zoned(JsonObject column, String day, String dst, Boolean atWork) {
    return column.put("day", day).put("dst", dst).put("atWork", atWork).put("workHours", atWork == null ? null : "x");
  }

  private static String visible(String line) {
    return line.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
  }

  @Test
  void plainShowsDayDstSkew12HoursAndTheWorkMarker() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, false, true);
    printer.print(row(zoned(col("NewYork", "live", "09:00:01", -300, 0), "Mon", null, true),
        zoned(col("London", "live", "14:00:01", 0, 0), "Mon", "DST in 3d -1h", false),
        zoned(col("Tokyo", "live", "23:00:06", 540, 0).put("skewSeconds", 5), "Tue +1", null, null))
        .put("hours", 12));
    assertEquals("""
        clocks: NewYork -05:00 Mon | London +00:00 Mon DST in 3d -1h | Tokyo +09:00 Tue +1
        NewYork 9:00:01 AM [work] | London 2:00:01 PM | Tokyo 11:00:06 PM (skew +5s)
        health: NewYork - | London - | Tokyo -
        """, out.text());
  }

  @Test
  void ttyColorsWorkingHoursGreenAndMarksThemOnlyWithoutColors() {
    CapturedOutput colored = new CapturedOutput();
    new TerminalPrinter(colored, true, true).print(row(zoned(col("A", "live", "09:00:01", 0, 0), null, null, true),
        zoned(col("B", "live", "20:00:01", 0, 0), null, null, false)));
    assertTrue(colored.text().contains("\r" + E + "32m09:00:01" + E + "0m | 20:00:01" + E + "K"), colored.text());
    assertFalse(colored.text().contains("[work]"), colored.text());
    CapturedOutput plain = new CapturedOutput();
    new TerminalPrinter(plain, true, false).print(row(zoned(col("A", "live", "09:00:01", 0, 0), null, null, true),
        zoned(col("B", "live", "20:00:01", 0, 0), null, null, false)));
    assertTrue(plain.text().contains("\r09:00:01 [work] | 20:00:01" + E + "K"), plain.text());
    assertFalse(plain.text().matches("(?s).*\u001b\\[[0-9;]*m.*"), "no SGR at all: " + plain.text());
  }

  private static JsonObject threeClocks(String second) {
    return row(zoned(col("NewYork", "live", "09:00:" + second, -300, 0), "Mon", null, null),
        zoned(col("London", "live", "14:00:" + second, 0, 0), "Mon", "DST in 3d -1h", null),
        zoned(col("Tokyo", "live", "23:00:" + second, 540, 0), "Mon", null, null));
  }

  @Test
  void ttyRowsFitTheTerminalNamesShortenedNeverWrappedAndRedrawnOnResize() {
    CapturedOutput out = new CapturedOutput();
    TerminalPrinter printer = new TerminalPrinter(out, true, true);
    printer.resize(40);
    printer.print(threeClocks("01"));
    java.util.List<String> lines = out.lines();
    assertEquals(2, lines.size(), out.text());
    for (String line : lines) {
      assertTrue(visible(line).length() <= 39, "fits 40 columns, the last left free: '" + visible(line) + "'");
    }
    assertEquals("NewY -05:00 | Lond +00:00 | Toky +09:00", visible(lines.get(0)).replace("\u001b[K", ""));
    assertEquals("09:00:01    | 14:00:01    | 23:00:01", visible(lines.get(1)));

    int before = out.text().length();
    printer.resize(100);
    String redraw = out.text().substring(before);
    assertTrue(redraw.startsWith(E + "?25l" + E + "2A\r" + E + "J"), "the old table cleared: " + redraw);
    assertEquals("NewYork -05:00 Mon | London +00:00 Mon DST in 3d -1h | Tokyo +09:00 Mon",
        visible(redraw.split("\r\n")[0]));
    assertEquals("09:00:01           | 14:00:01                        | 23:00:01", visible(redraw.split("\r\n")[1]));

    before = out.text().length();
    printer.resize(60);
    redraw = out.text().substring(before);
    assertTrue(redraw.startsWith(E + "?25l" + E + "4A\r" + E + "J"),
        "narrower: header (72 columns) and row (65) each re-wrapped into two lines: " + redraw);
    assertEquals("NewYork -05:00 Mon | London +00:00 Mon | Tokyo +09:00 Mon",
        visible(redraw.split("\r\n")[0]), "the DST note goes first");

    before = out.text().length();
    printer.resize(12);
    printer.print(threeClocks("02"));
    for (String line : out.text().substring(before).split("\r\n")) {
      assertTrue(visible(line).length() <= 11, "cut, never wrapped: '" + visible(line) + "'");
    }
  }

  @Test
  void aLogLineGoesAboveTheTableWhichIsDrawnAgainUnderIt() {
    StringBuilder stream = new StringBuilder();
    TerminalOutput out = new TerminalOutput() {
      @Override
      public void write(String text) {
        stream.append("<out>").append(text);
      }

      @Override
      public void writeErr(String text) {
        stream.append("<err>").append(text);
      }
    };
    TerminalPrinter printer = new TerminalPrinter(out, true, false);
    printer.logAbove("before the table\n");
    printer.print(row(col("UTC", "live", "12:00:01", 0, 0)));
    stream.setLength(0);
    printer.logAbove("12:00:01.500 WARN  ClockConnection - clock UTC: down: connection refused\n");
    assertEquals("<out>" + E + "?25l" + E + "2A\r" + E + "J"
        + "<err>12:00:01.500 WARN  ClockConnection - clock UTC: down: connection refused\n"
        + "<out>\rUTC +00:00" + E + "K\r\n\r12:00:01" + E + "K" + E + "?25h\r\n", stream.toString());
    stream.setLength(0);
    printer.print(row(col("UTC", "live", "12:00:02", 0, 0)));
    assertEquals("<out>" + E + "?25l" + E + "1A\r12:00:02" + E + "K" + E + "?25h\r\n", stream.toString(),
        "the next row in place under the log line");
  }
}
