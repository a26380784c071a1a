package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Combines the clocks' ticks into one row per second (pure logic, time passed in; {@link WallRenderer} drives it).
 *
 * <p>A tick belongs to the second (of the wall's own clock) in which it was received. The row for second S is
 * emitted once, as soon as every live (or connecting: its first line is due) clock has reported for S, or
 * {@code deadlineMs} after the first report for S,
 * or, when nobody reported in S at all, just after S ends. A report for a later second first emits the pending
 * row. So rows never double, never go back, and a clock that reports late shows its label in the next row. Unaligned
 * clocks (the Go clock writes at any phase of the second) still land in the same row when they all report within the
 * deadline.
 */
final class RowAssembler {

  static final long QUIET_GRACE_MS = 50;

  private static final class Cell {
    final ClockSpec spec;
    final int index;
    ClockState state = ClockState.CONNECTING;
    String label;
    Integer offsetMinutes;
    Integer skewSeconds;
    long invalidLines;
    Long lateMs;
    Long lateP99Ms;
    long reconnects;
    long reportedSecond = Long.MIN_VALUE;

    Cell(ClockSpec spec, int index) {
      this.spec = spec;
      this.index = index;
    }
  }

  private final long deadlineMs;
  private final Consumer<JsonObject> rows;
  private final ZoneId machineZone;
  private final Map<String, Cell> cells = new LinkedHashMap<>();
  private WallConfig.Sort sort = WallConfig.Sort.CONFIG;
  private int hours = 24;
  private WorkHours wallWorkHours;
  private long lastEmitted;
  private long firstReportAt = -1;

  RowAssembler(long deadlineMs, long nowMs, Consumer<JsonObject> rows) {
    this(deadlineMs, nowMs, rows, ZoneId.systemDefault());
  }

  /** @param machineZone this machine's zone: a zoned clock's day is shown against its date there */
  RowAssembler(long deadlineMs, long nowMs, Consumer<JsonObject> rows, ZoneId machineZone) {
    this.deadlineMs = deadlineMs;
    this.rows = rows;
    this.machineZone = machineZone;
    this.lastEmitted = Math.floorDiv(nowMs, 1000) - 1;
  }

  /** How rows show labels: {@code hours} 12 or 24, and the working hours of clocks without their own (or null). */
  void setDisplay(int hours, WorkHours wallWorkHours) {
    this.hours = hours;
    this.wallWorkHours = wallWorkHours;
  }

  /** Sets the columns (config order) and their order; cells of clocks still present keep what they know. */
  void setColumns(List<ClockSpec> clocks, WallConfig.Sort sort) {
    Map<String, Cell> old = new LinkedHashMap<>(cells);
    cells.clear();
    for (int i = 0; i < clocks.size(); i++) {
      ClockSpec spec = clocks.get(i);
      Cell previous = old.get(spec.name());
      Cell cell = new Cell(spec, i);
      if (previous != null && previous.spec.equals(spec)) {
        cell.state = previous.state;
        cell.label = previous.label;
        cell.offsetMinutes = previous.offsetMinutes;
        cell.skewSeconds = previous.skewSeconds;
        cell.invalidLines = previous.invalidLines;
        cell.lateMs = previous.lateMs;
        cell.lateP99Ms = previous.lateP99Ms;
        cell.reconnects = previous.reconnects;
        cell.reportedSecond = previous.reportedSecond;
      } else if (spec.zone() != null) { // known before its first label: sorted by it even while down
        cell.offsetMinutes =
            spec.zone().getRules().getOffset(Instant.ofEpochSecond(lastEmitted + 1)).getTotalSeconds() / 60;
      }
      cells.put(spec.name(), cell);
    }
    this.sort = sort;
  }

  void onState(String clock, ClockState state, long invalidLines, long nowMs) {
    Cell cell = cells.get(clock);
    if (cell == null) {
      return;
    }
    cell.state = state;
    cell.invalidLines = invalidLines;
    emitIfComplete();
  }

  /**
   * A clock's health as its report measured it: the lateness of its last label (null: unknown, or leave as is when
   * {@code keepLate}), the p99 of the last minute, its reconnect count. Shown in the next row.
   */
  void onHealth(String clock, Long lateMs, boolean keepLate, Long lateP99Ms, long reconnects) {
    Cell cell = cells.get(clock);
    if (cell == null) {
      return;
    }
    if (!keepLate) {
      cell.lateMs = lateMs;
    }
    cell.lateP99Ms = lateP99Ms;
    cell.reconnects = reconnects;
  }

  void onTick(String clock, String label, long receivedAtMs, long nowMs) {
    onTick(clock, label, receivedAtMs, nowMs, false);
  }

  /**
   * A label arrived. {@code onConnect}: the label a clock writes when a connection opens, which may wait in the
   * socket until the wall reads it (a busy wall, a cold start): it shows, but says nothing of how far the clock is
   * off (its skew stays unknown until the first tick).
   */
  void onTick(String clock, String label, long receivedAtMs, long nowMs, boolean onConnect) {
    Cell cell = cells.get(clock);
    if (cell == null) {
      return;
    }
    long second = Math.floorDiv(receivedAtMs, 1000);
    if (second > lastEmitted + 1) {
      if (firstReportAt >= 0) {
        emit();
      }
      lastEmitted = Math.max(lastEmitted, second - 1);
      firstReportAt = -1;
    }
    cell.label = label;
    ZoneId zone = cell.spec.zone();
    if (zone == null) {
      cell.offsetMinutes = Offsets.infer(label, receivedAtMs);
      cell.skewSeconds = onConnect ? null : Offsets.skewSeconds(label, receivedAtMs);
    } else {
      cell.offsetMinutes = zone.getRules().getOffset(Instant.ofEpochMilli(receivedAtMs)).getTotalSeconds() / 60;
      cell.skewSeconds = onConnect ? null : ZoneFacts.offSeconds(zone, label, receivedAtMs);
    }
    cell.reportedSecond = Math.max(cell.reportedSecond, second);
    if (second == lastEmitted + 1 && firstReportAt < 0) {
      firstReportAt = nowMs;
    }
    emitIfComplete();
  }

  /** Time passes: emits the pending row when its deadline passed, or after a second in which nobody reported. */
  void poll(long nowMs) {
    long pending = lastEmitted + 1;
    if (firstReportAt >= 0) {
      if (nowMs - firstReportAt >= deadlineMs) {
        emit();
      }
    } else {
      long over = Math.floorDiv(nowMs - QUIET_GRACE_MS, 1000) - 1;
      if (over >= pending) {
        lastEmitted = over - 1;
        emit();
      }
    }
  }

  private void emitIfComplete() {
    if (firstReportAt < 0) {
      return;
    }
    long pending = lastEmitted + 1;
    for (Cell cell : cells.values()) {
      boolean expected = cell.state == ClockState.LIVE || cell.state == ClockState.CONNECTING;
      if (expected && cell.reportedSecond < pending) {
        return;
      }
    }
    emit();
  }

  private void emit() {
    long second = lastEmitted + 1;
    lastEmitted = second;
    firstReportAt = -1;
    JsonArray columns = new JsonArray();
    Clock machine = Clock.fixed(Instant.ofEpochSecond(second), machineZone);
    for (Cell cell : ordered()) {
      JsonObject column = new JsonObject()
          .put("clock", cell.spec.name())
          .put("state", cell.state.wireName())
          .put("label", cell.label)
          .put("offsetMinutes", cell.offsetMinutes)
          .put("skewSeconds", cell.skewSeconds)
          .put("invalidLines", cell.invalidLines)
          .put("lateMs", cell.lateMs)
          .put("lateP99Ms", cell.lateP99Ms)
          .put("reconnects", cell.reconnects);
      ClockFacts.add(column, cell.spec, cell.state, cell.label, wallWorkHours, machine);
      columns.add(column);
    }
    rows.accept(new JsonObject().put("second", second).put("hours", hours).put("columns", columns));
  }

  private List<Cell> ordered() {
    List<Cell> list = new ArrayList<>(cells.values());
    Comparator<Cell> byIndex = Comparator.comparingInt(c -> c.index);
    switch (sort) {
      case NAME -> list.sort(Comparator.<Cell, String>comparing(c -> c.spec.name(), String.CASE_INSENSITIVE_ORDER)
          .thenComparing(byIndex));
      case OFFSET -> list.sort(Comparator.<Cell, Integer>comparing(c -> c.offsetMinutes,
          Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byIndex));
      default -> list.sort(byIndex);
    }
    return list;
  }
}
