package io.clockwall.bench;

/**
 * What a load client takes for a label: a clock's {@code HH:mm:ss} line, or the wall page's event line
 * {@code id: <epoch second>}, each as the second of the day it names.
 */
final class Labels {

  /** The longest line kept; a longer one is malformed. */
  static final int MAX_LINE = 32;

  private Labels() {
  }

  /** The UTC second of the day of an SSE line {@code id: <epoch second>}, or -1 for any other line. */
  static int eventSecond(byte[] l, int len) {
    if (len < 5 || len > MAX_LINE || l[0] != 'i' || l[1] != 'd' || l[2] != ':' || l[3] != ' ') {
      return -1;
    }
    long second = 0;
    for (int i = 4; i < len; i++) {
      if (l[i] < '0' || l[i] > '9') {
        return -1;
      }
      second = second * 10 + (l[i] - '0');
    }
    return (int) (second % 86_400);
  }

  /** Seconds of the day named by {@code HH:mm:ss}, or -1 if the bytes are anything else. */
  static int parse(byte[] l) {
    if (l[2] != ':' || l[5] != ':') {
      return -1;
    }
    int h = two(l[0], l[1]);
    int m = two(l[3], l[4]);
    int s = two(l[6], l[7]);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
      return -1;
    }
    return h * 3600 + m * 60 + s;
  }

  private static int two(byte a, byte b) {
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      return -1;
    }
    return (a - '0') * 10 + (b - '0');
  }
}
