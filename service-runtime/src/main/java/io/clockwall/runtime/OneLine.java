package io.clockwall.runtime;

import java.util.regex.Pattern;

/** Turns failures and user input into one printable line: what every error message of every jar is made of. */
public final class OneLine {

  /** How Netty's native transport prefixes errno messages: {@code bind(..) failed with error(-98): }. */
  private static final Pattern NATIVE_ERROR_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");
  private static final int MAX = 200;

  private OneLine() {
  }

  /**
   * The first line of the first message in {@code t}'s cause chain, without Netty's errno prefix, printable; the
   * exception's simple class name when nothing says more; {@code "timed out"} for null (the launcher's way of
   * saying a start never completed).
   */
  public static String of(Throwable t) {
    if (t == null) {
      return "timed out";
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = c.getMessage();
      if (message != null && !message.isBlank()) {
        String first = message.strip().lines().findFirst().orElse("").strip();
        return printable(NATIVE_ERROR_PREFIX.matcher(first).replaceFirst(""), MAX);
      }
    }
    return t.getClass().getSimpleName();
  }

  /** Input echoed in an error line: control characters as {@code ?}, at most 80 characters then {@code ...}. */
  public static String printable(String s) {
    return printable(s, 80);
  }

  static String printable(String s, int max) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) ? c : '?');
    }
    return s.length() > max ? out + "..." : out.toString();
  }
}
