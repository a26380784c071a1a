package io.clockwall.wall;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a row's cells and header cells, for the plain and the TTY table (pure). Only ASCII letters, digits,
 * {@code : + - ( ) [ ] .} and single spaces: a plain line still splits on {@code " | "}, each cell on its first
 * space.
 */
final class CellText {

  /** The marker of a clock within its working hours when colors are off (on a colored TTY: a green label). */
  static final String AT_WORK = "[work]";

  private CellText() {
  }

  /** {@code 23:00:01} as is ({@code hours} 24) or {@code 11:00:01 PM} (12); a label not {@code HH:mm:ss} as is. */
  static String label(String label, int hours) {
    int second = Offsets.secondOfDay(label);
    if (hours != 12 || second < 0) {
      return label;
    }
    int h = second / 3600;
    int h12 = h % 12 == 0 ? 12 : h % 12;
    return h12 + label.substring(2) + (h < 12 ? " AM" : " PM");
  }

  /**
   * A clock's cell: its label (with {@code (skew +5s)} when it is off), {@code (stale)}, or its state; {@code [work]}
   * after it when {@code markWork} and the clock is within its working hours. {@code ttyInvalid}: the TTY's
   * {@code invalid (N)}.
   */
  static String cell(JsonObject column, int hours, boolean markWork, boolean ttyInvalid) {
    String label = column.getString("label");
    if (label != null) {
      label = label(label, hours);
    }
    Integer skew = column.getInteger("skewSeconds");
    if (label != null && skew != null) {
      label = label + " (skew " + Offsets.formatSkew(skew) + ")";
    }
    String text = switch (ClockState.fromWire(column.getString("state"))) {
      case LIVE -> label == null ? "connecting" : label;
      case STALE -> label == null ? "stale" : label + " (stale)";
      case DOWN -> "down";
      case CONNECTING -> "connecting";
      case INVALID -> ttyInvalid ? "invalid (" + column.getLong("invalidLines", 0L) + ")" : "invalid";
      case FLOODING -> "flooding";
    };
    return markWork && Boolean.TRUE.equals(column.getBoolean("atWork")) ? text + " " + AT_WORK : text;
  }

  /** The header's parts of a column: name, offset ({@code ?} unknown), day ({@code Tue +1}), DST note; nulls left out. */
  static List<String> headParts(JsonObject column) {
    List<String> parts = new ArrayList<>();
    parts.add(Offsets.format(column.getInteger("offsetMinutes")));
    if (column.getString("day") != null) {
      parts.add(column.getString("day"));
    }
    if (column.getString("dst") != null) {
      parts.add(column.getString("dst"));
    }
    return parts;
  }

  /** A plain header cell: {@code Tokyo +09:00}, {@code Tokyo +09:00 Wed +1 DST in 3d -1h}, {@code Down ?}. */
  static String plainHead(JsonObject column) {
    return column.getString("clock") + " " + String.join(" ", headParts(column));
  }

  /**
   * A clock's health: the lateness of its last label while it is live or stale ({@code +3ms}), the p99 of the last
   * minute ({@code p99 +9ms}), its reconnects when there were any ({@code 2 reconnects}); {@code -} when none is
   * known. Only digits, letters, {@code + - .} and spaces: a plain line still splits on {@code " | "}.
   */
  static String health(JsonObject column) {
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

}
