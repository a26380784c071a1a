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
 * health: NewYork +3ms p99 +9ms | London p99 +4ms 2 reconnects | Tokyo +1ms p99 +2ms
 * </pre>
 * A {@code health:} line follows every tenth second's row and any row in which a reconnect count changed.
 *
 * <p><b>TTY</b>: a header line and a row line, redrawn in place with ANSI cursor movement (no screen clearing),
 * columns padded to the widest name, offset and cell seen so far (print and close may run on different threads).
 * Colors (bold header; stale yellow, down red, connecting dim, invalid magenta) unless {@code NO_COLOR} is set.
 * Each clock's health (lateness, p99, reconnects) is in the plain output's {@code health:} lines, the JSON feed and
 * the page; the TTY frame stays header and row.
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
  static final String UP_TWO = ESC + "2A";
  static final String UP_ONE = ESC + "1A";
  /** A plain {@code health:} line at least this often (and whenever a reconnect count changes). */
  static final long HEALTH_EVERY_S = 10;
  private static final String BOLD = ESC + "1m";
  private static final String DIM = ESC + "2m";
  private static final String RED = ESC + "31m";
  private static final String YELLOW = ESC + "33m";
  private static final String MAGENTA = ESC + "35m";

  private final TerminalOutput out;
  private final boolean tty;
  private final boolean color;
  private final boolean json;

  private String lastHeader;
  private List<String> lastNames = List.of();
  private int[] widths = new int[0];
  private String lastReconnects;
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
  }

  /** {@code --output json}: one JSON object a row, newline-delimited, whatever the terminal ({@link RowJson}). */
  static TerminalPrinter json(TerminalOutput out) {
    return new TerminalPrinter(out, false, false, true);
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
      printTty(columns);
    } else {
      printPlain(row.getLong("second", 0L), columns);
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

  private void printPlain(long second, JsonArray columns) {
    StringBuilder text = new StringBuilder();
    List<String> header = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    List<String> health = new ArrayList<>();
    StringBuilder reconnects = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      JsonObject c = columns.getJsonObject(i);
      header.add(c.getString("clock") + " " + Offsets.format(c.getInteger("offsetMinutes")));
      cells.add(c.getString("clock") + " " + plainCell(c));
      health.add(c.getString("clock") + " " + healthCell(c));
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

  /**
   * A clock's health: the lateness of its last label while it is live or stale ({@code +3ms}), the p99 of the last
   * minute ({@code p99 +9ms}), its reconnects when there were any ({@code 2 reconnects}); {@code -} when none is
   * known. Only digits, letters, {@code + - .} and spaces: a plain line still splits on {@code " | "}.
   */
  static String healthCell(JsonObject column) {
    List<String> parts = new ArrayList<>();
    ClockState state = ClockState.fromWire(column.getString("state"));
    Long late = column.getLong("lateMs");
    if (late != null && (state == ClockState.LIVE || state == ClockState.STALE)) {
      parts.add(Lateness.format(late));
    }
    Long p99 = column.getLong("lateP99Ms");
    if (p99 != null) {
      parts.add("p99 " + Lateness.format(p99));
    }
    long reconnects = column.getLong("reconnects", 0L);
    if (reconnects > 0) {
      parts.add(reconnects + (reconnects == 1 ? " reconnect" : " reconnects"));
    }
    return parts.isEmpty() ? "-" : String.join(" ", parts);
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
