package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows of {@link Addresses#ROW} to the terminal; the only writer of the table.
 *
 * <p><b>Plain</b> (not a TTY: pipe, file, {@code docker-compose logs}): a header line first and again whenever the
 * columns or an offset change, then one line per row:
 * <pre>
 * clocks: NewYork -05:00 | London +00:00 | Tokyo +09:00
 * NewYork 09:00:01 | London 14:00:01 | Tokyo 23:00:01
 * NewYork 09:00:02 (stale) | London down | Tokyo invalid
 * </pre>
 *
 * <p><b>TTY</b>: a header line and a row line, redrawn in place with ANSI cursor movement (no screen clearing),
 * columns padded to the widest name, offset and cell seen so far (print and close may run on different threads).
 * Colors (bold header; stale yellow, down red, connecting dim, invalid magenta) unless {@code NO_COLOR} is set.
 *
 * <p>Every frame is whole lines: each line is {@code \r}, its text, {@code ESC[K} (clear the rest), {@code \r\n},
 * so between frames the cursor rests at column 0 of the line below the table. The next frame moves up over the
 * row ({@code ESC[1A}), or over header and row when the header changed ({@code ESC[2A}), and rewrites them.
 * Whole lines matter to anything that relays a TTY line by line: {@code docker-compose up} prints each line behind
 * a {@code wall_1 |} prefix, which the leading {@code \r} writes over, so the table stays aligned and in place.
 *
 * <p>The cursor is hidden while a frame is drawn and shown again before the frame's last newline, so it never
 * travels visibly and no terminal is left without a cursor when the wall's last bytes never arrive: a
 * {@code docker-compose up} stopped with Ctrl-C stops relaying before the wall exits, and SIGKILL leaves no
 * chance to restore. {@link #close()} still resets attributes and shows the cursor.
 */
final class TerminalPrinter {

  static final String ESC = "\u001b[";
  static final String HIDE_CURSOR = ESC + "?25l";
  static final String SHOW_CURSOR = ESC + "?25h";
  static final String RESET = ESC + "0m";
  static final String CLEAR_TO_EOL = ESC + "K";
  static final String UP_ONE = ESC + "1A";
  static final String UP_TWO = ESC + "2A";
  private static final String BOLD = ESC + "1m";
  private static final String DIM = ESC + "2m";
  private static final String RED = ESC + "31m";
  private static final String YELLOW = ESC + "33m";
  private static final String MAGENTA = ESC + "35m";

  private final TerminalOutput out;
  private final boolean tty;
  private final boolean color;

  private String lastHeader;
  private List<String> lastNames = List.of();
  private int[] widths = new int[0];
  private boolean drawn;
  private boolean closed;
  private volatile long lastPrintNanos = System.nanoTime();

  TerminalPrinter(TerminalOutput out, boolean tty, boolean color) {
    this.out = out;
    this.tty = tty;
    this.color = tty && color;
  }

  synchronized void print(JsonObject row) {
    if (closed) {
      return;
    }
    lastPrintNanos = System.nanoTime();
    JsonArray columns = row.getJsonArray("columns");
    if (tty) {
      printTty(columns);
    } else {
      printPlain(columns);
    }
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

  private void printPlain(JsonArray columns) {
    StringBuilder text = new StringBuilder();
    List<String> header = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      JsonObject c = columns.getJsonObject(i);
      header.add(c.getString("clock") + " " + Offsets.format(c.getInteger("offsetMinutes")));
      cells.add(c.getString("clock") + " " + plainCell(c));
    }
    String headerLine = "clocks: " + String.join(" | ", header);
    if (!headerLine.equals(lastHeader)) {
      lastHeader = headerLine;
      text.append(headerLine).append('\n');
    }
    text.append(String.join(" | ", cells)).append('\n');
    out.write(text.toString());
  }

  static String plainCell(JsonObject column) {
    String label = column.getString("label");
    Integer skew = column.getInteger("skewSeconds");
    if (label != null && skew != null) {
      label = label + " (skew " + Offsets.formatSkew(skew) + ")";
    }
    return switch (ClockState.fromWire(column.getString("state"))) {
      case LIVE -> label == null ? "connecting" : label;
      case STALE -> label == null ? "stale" : label + " (stale)";
      case DOWN -> "down";
      case CONNECTING -> "connecting";
      case INVALID -> "invalid";
      case FLOODING -> "flooding";
    };
  }

  private void printTty(JsonArray columns) {
    int n = columns.size();
    List<String> names = new ArrayList<>();
    String[] heads = new String[n];
    String[] cells = new String[n];
    ClockState[] states = new ClockState[n];
    for (int i = 0; i < n; i++) {
      JsonObject c = columns.getJsonObject(i);
      names.add(c.getString("clock"));
      Integer offset = c.getInteger("offsetMinutes");
      heads[i] = c.getString("clock") + (offset == null ? "" : " " + Offsets.format(offset));
      states[i] = ClockState.fromWire(c.getString("state"));
      cells[i] = states[i] == ClockState.INVALID ? "invalid (" + c.getLong("invalidLines") + ")" : plainCell(c);
    }
    if (!names.equals(lastNames)) {
      lastNames = names;
      widths = new int[n];
    }
    for (int i = 0; i < n; i++) {
      widths[i] = Math.max(widths[i], Math.max(heads[i].length(), cells[i].length()));
    }
    StringBuilder header = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        header.append(" | ");
        line.append(" | ");
      }
      boolean last = i == n - 1;
      header.append(paint(heads[i], color ? BOLD : null, last ? 0 : widths[i]));
      line.append(paint(cells[i], color ? cellColor(states[i]) : null, last ? 0 : widths[i]));
    }
    String headerText = header.toString();
    StringBuilder text = new StringBuilder(HIDE_CURSOR);
    if (!drawn) {
      appendLine(text, headerText, "");
      drawn = true;
    } else if (!headerText.equals(lastHeader)) {
      text.append(UP_TWO);
      appendLine(text, headerText, "");
    } else {
      text.append(UP_ONE);
    }
    lastHeader = headerText;
    appendLine(text, line, SHOW_CURSOR);
    out.write(text.toString());
  }

  /** One whole table line: from column 0, cleared to its end, then {@code end}, cursor on the next line. */
  private static void appendLine(StringBuilder text, CharSequence line, String end) {
    text.append('\r').append(line).append(CLEAR_TO_EOL).append(end).append("\r\n");
  }

  private static String cellColor(ClockState state) {
    return switch (state) {
      case LIVE -> null;
      case STALE -> YELLOW;
      case DOWN -> RED;
      case CONNECTING -> DIM;
      case INVALID, FLOODING -> MAGENTA;
    };
  }

  private static String paint(String text, String sgr, int width) {
    String padding = " ".repeat(Math.max(0, width - text.length()));
    return (sgr == null ? text : sgr + text + RESET) + padding;
  }
}
