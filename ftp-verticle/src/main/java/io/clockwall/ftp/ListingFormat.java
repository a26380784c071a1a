package io.clockwall.ftp;

import io.vertx.core.file.FileProps;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Directory entries as clients parse them: {@code ls -l} lines for LIST (times in UTC, {@code MMM dd HH:mm} within
 * six months of now, {@code MMM dd  yyyy} otherwise; owner and group shown as {@code ftp}; permissions as the
 * client may use them), RFC 3659 facts for MLSD/MLST, and the MDTM time form.
 */
final class ListingFormat {

  private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.US)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.US)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FACT_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.US)
      .withZone(ZoneOffset.UTC);

  private ListingFormat() {
  }

  /**
   * One {@code ls -l} line (no line end) for an entry whose {@code ls -l} type letter is {@code type} ({@code -},
   * {@code d}, {@code l}, {@code p} ...); {@code linkTarget} is shown as {@code name -> target} for a link.
   */
  static String longLine(String name, FileProps props, char type, String linkTarget, boolean writable, Instant now) {
    String mode = switch (type) {
      case 'l' -> "lrwxrwxrwx";
      case 'd' -> writable ? "drwxrwxr-x" : "drwxr-xr-x";
      default -> type + (writable ? "rw-rw-r--" : "rw-r--r--");
    };
    Instant modified = Instant.ofEpochMilli(props.lastModifiedTime());
    boolean recent = modified.isAfter(now.minus(183, ChronoUnit.DAYS)) && modified.isBefore(now.plus(1, ChronoUnit.HOURS));
    String date = (recent ? RECENT : OLD).format(modified);
    String shown = linkTarget != null ? name + " -> " + linkTarget : name;
    return String.format(Locale.ROOT, "%s %3d %-8s %-8s %12d %s %s", mode, props.isDirectory() ? 2 : 1, "ftp", "ftp",
        props.size(), date, shown);
  }

  /** RFC 3659 facts followed by a space and the name: {@code type=file;size=5;modify=20240101120000;perm=r; name}. */
  static String facts(String name, FileProps props, boolean writable, String type) {
    StringBuilder out = new StringBuilder();
    out.append("type=").append(type != null ? type : props.isDirectory() ? "dir" : props.isRegularFile() ? "file" : "OS.unix=other").append(';');
    if (!props.isDirectory()) {
      out.append("size=").append(props.size()).append(';');
    }
    out.append("modify=").append(time(props.lastModifiedTime())).append(';');
    String perm = props.isDirectory() ? (writable ? "elcmpf" : "el") : (writable ? "radfw" : "r");
    out.append("perm=").append(perm).append("; ").append(name);
    return out.toString();
  }

  /** {@code YYYYMMDDHHMMSS} in UTC, as MDTM and the modify fact give it. */
  static String time(long millis) {
    return FACT_TIME.format(Instant.ofEpochMilli(millis));
  }
}
