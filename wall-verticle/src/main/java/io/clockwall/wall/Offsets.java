package io.clockwall.wall;

/**
 * Infers a clock's UTC offset from one of its labels. A label {@code HH:mm:ss} received at a known instant differs
 * from the wall's own UTC time of day by the clock's offset plus a little delay; rounding to 15 minutes removes the
 * delay. Labels carry no date, so the offset is only known modulo 24 hours: it is reported in (-12:00, +12:00]
 * (a +13:00 or +14:00 clock shows as -11:00 or -10:00; -12:00 as +12:00).
 */
final class Offsets {

  private static final long DAY_MS = 86_400_000L;
  private static final long QUARTER_MS = 900_000L;

  private Offsets() {
  }

  /** The offset in minutes, or {@code null} when the label is not {@code HH:mm:ss}. */
  static Integer infer(String label, long receivedAtEpochMs) {
    long labelMs = secondOfDay(label) * 1000L;
    if (labelMs < 0) {
      return null;
    }
    long utcMs = Math.floorMod(receivedAtEpochMs, DAY_MS);
    long diff = Math.floorMod(labelMs - utcMs, DAY_MS);
    long quarters = Math.round((double) diff / QUARTER_MS);
    int minutes = (int) Math.floorMod(quarters * 15, 1440);
    return minutes > 720 ? minutes - 1440 : minutes;
  }

  /** A label this far from every quarter-hour offset of the wall's UTC time fits no real zone: skewed. */
  static final long SKEW_MS = 2_000;

  /**
   * How far, in whole seconds, an {@code HH:mm:ss} label received at {@code receivedAtEpochMs} is from the nearest
   * real zone's time (real UTC offsets are whole quarter hours), or null when it is within {@link #SKEW_MS} of one
   * or is not {@code HH:mm:ss}. A label names the second it starts, so an honest one is 0 to 1 s behind its arrival
   * plus the network's delay. Skews beyond 7.5 minutes alias to the next quarter hour's offset.
   */
  static Integer skewSeconds(String label, long receivedAtEpochMs) {
    Long lag = lagMillis(label, receivedAtEpochMs);
    if (lag == null || Math.abs(lag) < SKEW_MS) {
      return null;
    }
    return (int) Math.round(-lag / 1000.0);
  }

  /**
   * Milliseconds from the start of the second an {@code HH:mm:ss} label names (in the quarter-hour offset it fits
   * best) to {@code receivedAtEpochMs}; null when the label is not {@code HH:mm:ss}.
   */
  static Long lagMillis(String label, long receivedAtEpochMs) {
    long labelMs = secondOfDay(label) * 1000L;
    if (labelMs < 0) {
      return null;
    }
    long diff = Math.floorMod(labelMs - Math.floorMod(receivedAtEpochMs, DAY_MS), DAY_MS);
    return -(diff - Math.round((double) diff / QUARTER_MS) * QUARTER_MS);
  }

  /** {@code +3s}, {@code -5m00s}, {@code -5h00m}, {@code +1h02m05s}. */
  static String formatSkew(int seconds) {
    int abs = Math.abs(seconds);
    String sign = seconds < 0 ? "-" : "+";
    if (abs >= 3600) {
      return sign + abs / 3600 + "h" + String.format("%02dm", abs % 3600 / 60)
          + (abs % 60 == 0 ? "" : String.format("%02ds", abs % 60));
    }
    return abs < 60 ? sign + abs + "s" : sign + abs / 60 + "m" + String.format("%02ds", abs % 60);
  }

  /** Seconds since midnight of a strict {@code HH:mm:ss} label, or -1. */
  static int secondOfDay(String label) {
    if (label == null || label.length() != 8 || label.charAt(2) != ':' || label.charAt(5) != ':') {
      return -1;
    }
    int h = twoDigits(label, 0);
    int m = twoDigits(label, 3);
    int s = twoDigits(label, 6);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
      return -1;
    }
    return h * 3600 + m * 60 + s;
  }

  private static int twoDigits(String s, int at) {
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      return -1;
    }
    return (a - '0') * 10 + (b - '0');
  }

  /** {@code +09:00}, {@code -05:00}, {@code +05:30}, {@code +00:00}; {@code ?} when unknown. */
  static String format(Integer minutes) {
    if (minutes == null) {
      return "?";
    }
    int abs = Math.abs(minutes);
    return (minutes < 0 ? "-" : "+") + String.format("%02d:%02d", abs / 60, abs % 60);
  }
}
