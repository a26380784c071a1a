package io.clockwall.wall;

import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Daily working hours at a clock, {@code "09:00-18:00"}: from {@code start} (included) to {@code end} (excluded), in
 * the clock's own local time. A range may pass midnight ({@code "22:00-06:00"}); {@code 24:00} ends at midnight.
 */
public record WorkHours(LocalTime start, LocalTime end) {

  private static final Pattern FORM = Pattern.compile("(\\d\\d):(\\d\\d)-(\\d\\d):(\\d\\d)");

  public WorkHours {
    if (start.equals(end)) {
      throw new ConfigException("working hours " + start + "-" + end + " are empty (start equals end)");
    }
  }

  /** {@code "09:00-18:00"}; a {@link ConfigException} naming the text otherwise. */
  public static WorkHours parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    if (m == null || !m.matches()) {
      throw new ConfigException("working hours '" + ClockSpec.printable(String.valueOf(text))
          + "' are not HH:MM-HH:MM (e.g. 09:00-18:00)");
    }
    return new WorkHours(time(text, m.group(1), m.group(2), false), time(text, m.group(3), m.group(4), true));
  }

  private static LocalTime time(String text, String hh, String mm, boolean end) {
    int h = Integer.parseInt(hh);
    int m = Integer.parseInt(mm);
    if (end && h == 24 && m == 0) {
      return LocalTime.MIDNIGHT;
    }
    if (h > 23 || m > 59) {
      throw new ConfigException("working hours '" + text + "': " + hh + ":" + mm + " is not a time of day");
    }
    return LocalTime.of(h, m);
  }

  /** Whether {@code t} (the clock's local time) is within these hours. */
  public boolean contains(LocalTime t) {
    return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
  }

  @Override
  public String toString() {
    return start + "-" + (end.equals(LocalTime.MIDNIGHT) && !start.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString());
  }
}
