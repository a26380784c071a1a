package io.clockwall.wall;

import io.vertx.core.buffer.Buffer;

/**
 * The one form of label the wall accepts from a clock; anything else is an invalid line, counted and never shown.
 *
 * <p>A label is what a time layout produces: 1 to {@value #MAX_LENGTH} bytes of ASCII digits, letters (AM, PM, day
 * and month names, zone abbreviations), single-byte separators {@code : . , / + -} and spaces, with at least one
 * digit, no space at either end. So {@code 15:04:05}, {@code 3:04PM}, {@code 2006-01-02 15:04:05.000} and
 * {@code Mon Jan  2 15:04:05} are labels; a line with {@code |}, quotes, an escape sequence, any control byte or any
 * byte over 0x7e is not. With no {@code |} in a label and clock names restricted to {@code A-Z a-z 0-9 _ . + -}, a
 * plain row splits unambiguously on {@code " | "}, and each cell on its first space.
 */
final class Labels {

  static final int MAX_LENGTH = 32;

  private Labels() {
  }

  /** Null when the first {@code length} bytes of {@code line} are a label; otherwise why not, printable. */
  static String problem(Buffer line, int length) {
    if (length == 0) {
      return "empty line";
    }
    if (length > MAX_LENGTH) {
      return "label longer than " + MAX_LENGTH + " bytes";
    }
    if (line.getByte(0) == ' ' || line.getByte(length - 1) == ' ') {
      return "space at an end of the label";
    }
    boolean digit = false;
    for (int i = 0; i < length; i++) {
      byte b = line.getByte(i);
      if (b >= '0' && b <= '9') {
        digit = true;
      } else if (!allowed(b)) {
        return b >= 0x20 && b < 0x7f ? "character '" + (char) b + "' in a label"
            : "byte 0x" + Integer.toHexString(b & 0xff) + " in a label";
      }
    }
    return digit ? null : "no digit in the label";
  }

  private static boolean allowed(byte b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == ':' || b == '.' || b == ',' || b == '/'
        || b == '+' || b == '-' || b == ' ';
  }
}
