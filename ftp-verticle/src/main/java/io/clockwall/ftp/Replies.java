package io.clockwall.ftp;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Reply formatting (RFC 959 section 4.2): {@code 200 text CRLF}, and multi-line replies as {@code 211-first}, the
 * lines (each starting with a space, so none can pass for the end line), {@code 211 last}. Text that came from a
 * client (file names) has CR and LF replaced, so a name can never inject a reply line.
 */
final class Replies {

  private Replies() {
  }

  static Buffer line(int code, String text) {
    return Buffer.buffer(code + " " + clean(text) + "\r\n");
  }

  static Buffer multi(int code, String first, List<String> lines, String last) {
    StringBuilder out = new StringBuilder();
    out.append(code).append('-').append(clean(first)).append("\r\n");
    for (String l : lines) {
      out.append(' ').append(clean(l)).append("\r\n");
    }
    out.append(code).append(' ').append(clean(last)).append("\r\n");
    return Buffer.buffer(out.toString());
  }

  /** A path in a 257 reply: quoted, an embedded quote doubled (RFC 959 appendix II). */
  static String quoted(String path) {
    return "\"" + path.replace("\"", "\"\"") + "\"";
  }

  static String clean(String text) {
    return text.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
  }
}
