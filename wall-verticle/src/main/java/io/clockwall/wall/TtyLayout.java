package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The TTY table's two lines for a row (pure): a bold header ({@code Tokyo +09:00 Wed +1 DST in 3d -1h}) and the row,
 * columns padded to the widest header or cell seen so far (so a column does not jitter), joined by {@code " | "}.
 * Colors: stale yellow, down red, connecting dim, invalid and flooding magenta, a live clock within its working hours
 * green; with colors off a clock within its working hours is marked {@code [work]}.
 *
 * <p>Fitted to the terminal's width when it is known: each line is at most {@code width - 1} columns (the last
 * column is never written, so no terminal wraps or leaves its cursor pending). Too wide, the header drops, in turn,
 * its DST notes, its days, then names are shortened (the longest first, down to 3 characters), then offsets go;
 * what still does not fit is cut. Never wrapped.
 */
final class TtyLayout {

  static final String ESC = "\u001b[";
  static final String RESET = ESC + "0m";
  private static final String BOLD = ESC + "1m";
  private static final String DIM = ESC + "2m";
  private static final String RED = ESC + "31m";
  private static final String GREEN = ESC + "32m";
  private static final String YELLOW = ESC + "33m";
  private static final String MAGENTA = ESC + "35m";
  private static final int MIN_NAME = 3;

  /** The two lines, with their SGR sequences, without line ends. */
  record Frame(String header, String row) {
  }

  private final boolean color;
  private List<String> names = List.of();
  private int lastWidth = -1;
  private int[] widths = new int[0];

  TtyLayout(boolean color) {
    this.color = color;
  }

  /** @param width the terminal's columns, or 0 when unknown (nothing is fitted) */
  Frame layout(JsonArray columns, int hours, int width) {
    int n = columns.size();
    List<String> rowNames = new ArrayList<>();
    String[] cells = new String[n];
    String[] sgr = new String[n];
    for (int i = 0; i < n; i++) {
      JsonObject c = columns.getJsonObject(i);
      rowNames.add(c.getString("clock"));
      cells[i] = CellText.cell(c, hours, !color, true);
      sgr[i] = color ? cellColor(c) : null;
    }
    if (!rowNames.equals(names) || width != lastWidth) {
      names = rowNames;
      lastWidth = width;
      widths = new int[n];
    }
    int limit = width > 0 ? width - 1 : Integer.MAX_VALUE;
    String[] heads = null;
    int[] w = null;
    for (int level = 0; level <= 3; level++) {
      heads = heads(columns, level);
      if (level == 3) {
        shorten(heads, columns, cells, limit);
      }
      w = widths(heads, cells, widths); // a column keeps the widest it had (no jitter) ...
      if (total(w) <= limit) {
        break;
      }
      w = widths(heads, cells, new int[n]); // ... unless that no longer fits
      if (total(w) <= limit) {
        break;
      }
    }
    widths = w;
    StringBuilder header = new StringBuilder();
    StringBuilder row = new StringBuilder();
    int headerLength = 0;
    int rowLength = 0;
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      if (i > 0) {
        headerLength = append(header, headerLength, " | ", null, 0, limit);
        rowLength = append(row, rowLength, " | ", null, 0, limit);
      }
      headerLength = append(header, headerLength, heads[i], color ? BOLD : null, last ? 0 : w[i], limit);
      rowLength = append(row, rowLength, cells[i], sgr[i], last ? 0 : w[i], limit);
    }
    return new Frame(header.toString(), row.toString());
  }

  private static int[] widths(String[] heads, String[] cells, int[] seen) {
    int[] w = new int[heads.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(i < seen.length ? seen[i] : 0, Math.max(heads[i].length(), cells[i].length()));
    }
    return w;
  }

  private static int total(int[] w) {
    int sum = 3 * Math.max(0, w.length - 1);
    for (int width : w) {
      sum += width;
    }
    return sum;
  }

  /** Header cells at a fitting level: 0 all, 1 without DST notes, 2 without days, 3 without days (names cut next). */
  private static String[] heads(JsonArray columns, int level) {
    String[] heads = new String[columns.size()];
    for (int i = 0; i < heads.length; i++) {
      JsonObject c = columns.getJsonObject(i);
      StringBuilder h = new StringBuilder(c.getString("clock"));
      if (c.getInteger("offsetMinutes") != null) {
        h.append(' ').append(Offsets.format(c.getInteger("offsetMinutes")));
      }
      if (level < 2 && c.getString("day") != null) {
        h.append(' ').append(c.getString("day"));
      }
      if (level < 1 && c.getString("dst") != null) {
        h.append(' ').append(c.getString("dst"));
      }
      heads[i] = h.toString();
    }
    return heads;
  }

  /**
   * Shortens names, the longest first, one character at a time, while the table is wider than {@code limit} and a
   * name longer than {@value #MIN_NAME} sets its column's width; then drops offsets the same way.
   */
  private static void shorten(String[] heads, JsonArray columns, String[] cells, int limit) {
    int[] nameLength = new int[heads.length];
    for (int i = 0; i < heads.length; i++) {
      nameLength[i] = columns.getJsonObject(i).getString("clock").length();
    }
    while (total(plain(heads, cells)) > limit) {
      int pick = -1;
      for (int i = 0; i < heads.length; i++) {
        if (nameLength[i] > MIN_NAME && heads[i].length() > cells[i].length()
            && (pick < 0 || nameLength[i] > nameLength[pick])) {
          pick = i;
        }
      }
      if (pick < 0) {
        break;
      }
      heads[pick] = heads[pick].substring(0, nameLength[pick] - 1) + heads[pick].substring(nameLength[pick]);
      nameLength[pick]--;
    }
    for (int i = 0; i < heads.length && total(plain(heads, cells)) > limit; i++) {
      if (heads[i].length() > cells[i].length()) {
        heads[i] = heads[i].substring(0, nameLength[i]);
      }
    }
  }

  private static int[] plain(String[] heads, String[] cells) {
    int[] w = new int[heads.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.max(heads[i].length(), cells[i].length());
    }
    return w;
  }

  /** Appends {@code text} painted with {@code sgr} and padded to {@code width}, cut at {@code limit} columns. */
  private static int append(StringBuilder line, int length, String text, String sgr, int width, int limit) {
    String shown = text.length() > limit - length ? text.substring(0, Math.max(0, limit - length)) : text;
    if (!shown.isEmpty()) {
      line.append(sgr == null ? shown : sgr + shown + RESET);
    }
    length += shown.length();
    int padding = Math.min(Math.max(0, width - text.length()), Math.max(0, limit - length));
    line.append(" ".repeat(padding));
    return length + padding;
  }

  private static String cellColor(JsonObject column) {
    return switch (ClockState.fromWire(column.getString("state"))) {
      case LIVE -> Boolean.TRUE.equals(column.getBoolean("atWork")) ? GREEN : null;
      case STALE -> YELLOW;
      case DOWN -> RED;
      case CONNECTING -> DIM;
      case INVALID, FLOODING -> MAGENTA;
    };
  }
}
