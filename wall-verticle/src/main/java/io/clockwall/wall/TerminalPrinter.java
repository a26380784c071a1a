package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows of {@link Addresses#ROW} to the terminal; the only writer of the table.
 *
 * <p><b>Plain</b> (not a TTY: pipe, file, {@code docker-compose logs}): a header line first and again whenever the
 * columns, an offset, a zoned clock's day or its DST note change, then one line per row:
 * <pre>
 * clocks: NewYork -05:00 Mon | London +00:00 Tue DST in 3d -1h | Tokyo +09:00 Tue
 * NewYork 09:00:01 [work] | London 14:00:01 [work] | Tokyo 23:00:01 (skew +5s)
 * NewYork 09:00:02 (stale) [work] | London down | Tokyo invalid
 * health: NewYork +3ms p99 +9ms | London p99 +4ms 2 reconnects | Tokyo +1ms p99 +2ms
 * </pre>
 * A {@code health:} line follows every tenth second's row and any row in which a reconnect count changed.
 *
 * <p><b>TTY</b>: a header line and a row line ({@link TtyLayout}: padding, colors, fitting to the terminal's width),
 * redrawn in place with ANSI cursor movement (no screen clearing). Each clock's health is in the plain output's
 * {@code health:} lines, the JSON feed and the page; the TTY frame stays header and row.
 *
 * <p>Every frame is whole lines: each line is {@code \r}, its text, {@code ESC[K} (clear the rest), {@code \r\n},
 * so between frames the cursor rests at column 0 of the line below the table. The next frame moves up over the
 * row ({@code ESC[1A}), or over header and row when the header changed ({@code ESC[2A}), and rewrites them.
 * Whole lines matter to anything that relays a TTY line by line: {@code docker-compose up} prints each line behind
 * a {@code wall_1 |} prefix, which the leading {@code \r} writes over, so the table stays aligned and in place.
 * When the terminal's width changes ({@link #resize}) the table is cleared and drawn again at once; a log line
 * ({@link #logAbove}) clears the table, goes to stderr, and the table is drawn again under it.
 *
 * <p>The cursor is hidden while a frame is drawn and shown again before the frame's last newline, so it never
 * travels visibly and no terminal is left without a cursor when the wall's last bytes never arrive: a
 * {@code docker-compose up} stopped with Ctrl-C stops relaying before the wall exits, and SIGKILL leaves no
 * chance to restore. {@link #close()} still resets attributes and shows the cursor. Any thread (synchronized).
 */
final class TerminalPrinter {

  static final String ESC = "\u001b[";
  static final String HIDE_CURSOR = ESC + "?25l";
  static final String SHOW_CURSOR = ESC + "?25h";
  static final String RESET = ESC + "0m";
  static final String CLEAR_TO_EOL = ESC + "K";
  static final String CLEAR_TO_END = ESC + "J";
  static final String UP_TWO = ESC + "2A";
  static final String UP_ONE = ESC + "1A";
  /** A plain {@code health:} line at least this often (and whenever a reconnect count changes). */
  static final long HEALTH_EVERY_S = 10;

  private final TerminalOutput out;
  private final boolean tty;
  private final boolean color;
  private final boolean json;
  private final TtyLayout layout;

  private String lastHeader;
  private String lastReconnects;
  private JsonObject lastRow;
  private TtyLayout.Frame lastFrame;
  private int width;
  private boolean drawn;
  private boolean closed;
  private volatile long lastPrintNanos = System.nanoTime();

  TerminalPrinter(TerminalOutput out, boolean tty, boolean color) {
    this(out, tty, color, false);
  }

  private TerminalPrinter(TerminalOutput out, boolean tty, boolean color, boolean json) {
    this.out = out;
    this.tty = tty && !json;
    this.color = this.tty && color;
    this.json = json;
    this.layout = new TtyLayout(this.color);
  }

  /** {@code --output json}: one JSON object a row, newline-delimited, whatever the terminal ({@link RowJson}). */
  static TerminalPrinter json(TerminalOutput out) {
    return new TerminalPrinter(out, false, false, true);
  }

  boolean tty() {
    return tty;
  }

  synchronized void print(JsonObject row) {
    if (closed) {
      return;
    }
    lastPrintNanos = System.nanoTime();
    JsonArray columns = row.getJsonArray("columns");
    if (json) {
      out.write(RowJson.line(row) + "\n");
    } else if (tty) {
      lastRow = row;
      printTty(layout.layout(columns, row.getInteger("hours", 24), width));
    } else {
      printPlain(row.getLong("second", 0L), row.getInteger("hours", 24), columns);
    }
  }

  /**
   * The terminal is now {@code columns} wide (0: unknown). On a change the table is cleared (over as many lines as
   * the terminal may have re-wrapped it into) and drawn again at once, fitted to the new width.
   */
  synchronized void resize(int columns) {
    if (closed || !tty || columns == width) {
      return;
    }
    int previous = width;
    width = columns;
    if (drawn && lastRow != null) {
      int lines = rows(lastFrame.header(), columns, previous) + rows(lastFrame.row(), columns, previous);
      out.write(HIDE_CURSOR + ESC + lines + "A\r" + CLEAR_TO_END);
      drawn = false;
      printTty(layout.layout(lastRow.getJsonArray("columns"), lastRow.getInteger("hours", 24), width));
    }
  }

  /**
   * A log line ({@code text}, with its newline) for stderr: on a drawn TTY table the table is cleared, the line
   * written on stderr where the table was, and the table drawn again under it; otherwise just written on stderr.
   */
  synchronized void logAbove(String text) {
    if (closed || !tty || !drawn) {
      out.writeErr(text);
      return;
    }
    String erase = HIDE_CURSOR + UP_TWO + "\r" + CLEAR_TO_END;
    out.logAbove(erase, text, frameText(lastFrame, true));
  }

  /** Terminal rows a line of {@code previousWidth}-fitted text takes at {@code columns} (re-wrapped when narrower). */
  private static int rows(String line, int columns, int previousWidth) {
    int length = line.replaceAll("\u001b\\[[0-9;]*m", "").length();
    return columns <= 0 || (previousWidth > 0 && columns >= previousWidth) ? 1
        : Math.max(1, (length + columns - 1) / columns);
  }

  /** When the last row was printed, by {@link System#nanoTime()}; any thread. */
  long lastPrintNanos() {
    return lastPrintNanos;
  }

  /** Restores the terminal (the cursor is already below the table): attributes reset, cursor visible. Idempotent. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (tty && drawn) {
      out.writeAndFlush((color ? RESET : "") + SHOW_CURSOR);
    }
  }

  private void printPlain(long second, int hours, JsonArray columns) {
    StringBuilder text = new StringBuilder();
    List<String> header = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    List<String> health = new ArrayList<>();
    StringBuilder reconnects = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      JsonObject c = columns.getJsonObject(i);
      header.add(CellText.plainHead(c));
      cells.add(c.getString("clock") + " " + CellText.cell(c, hours, true, false));
      health.add(c.getString("clock") + " " + CellText.health(c));
      reconnects.append(c.getString("clock")).append('=').append(c.getLong("reconnects", 0L)).append(' ');
    }
    String headerLine = "clocks: " + String.join(" | ", header);
    if (!headerLine.equals(lastHeader)) {
      lastHeader = headerLine;
      text.append(headerLine).append('\n');
    }
    text.append(String.join(" | ", cells)).append('\n');
    String counts = reconnects.toString();
    if (Math.floorMod(second, HEALTH_EVERY_S) == 0 || !counts.equals(lastReconnects)) {
      lastReconnects = counts;
      text.append("health: ").append(String.join(" | ", health)).append('\n');
    }
    out.write(text.toString());
  }

  /** Draws {@code frame}: whole, or over the last one (the row only when the header is the same). */
  private void printTty(TtyLayout.Frame frame) {
    StringBuilder text = new StringBuilder();
    if (!drawn) {
      text.append(frameText(frame, false));
    } else if (!frame.header().equals(lastFrame.header())) {
      text.append(HIDE_CURSOR).append(UP_TWO).append(frameText(frame, true));
    } else {
      text.append(HIDE_CURSOR).append(UP_ONE);
      appendLine(text, frame.row(), SHOW_CURSOR);
    }
    drawn = true;
    lastFrame = frame;
    out.write(text.toString());
  }

  /** Header and row as whole lines from where the cursor is, the cursor hidden meanwhile. */
  private static String frameText(TtyLayout.Frame frame, boolean cursorHidden) {
    StringBuilder text = new StringBuilder(cursorHidden ? "" : HIDE_CURSOR);
    appendLine(text, frame.header(), "");
    appendLine(text, frame.row(), SHOW_CURSOR);
    return text.toString();
  }

  /** One whole table line: from column 0, cleared to its end, then {@code end}, cursor on the next line. */
  private static void appendLine(StringBuilder text, CharSequence line, String end) {
    text.append('\r').append(line).append(CLEAR_TO_EOL).append(end).append("\r\n");
  }
}
