package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.file.FileSystem;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of LIST, NLST, MLSD (and STAT with a path): one line per entry, CRLF-terminated, names sorted. Entries are
 * read with the Vert.x file system ({@code readDir}, {@code lprops}, {@code readSymlink}); a symbolic link is listed
 * as a link, never followed. An entry that vanishes while the listing is built is left out.
 */
final class DirectoryListing {

  enum Kind { LIST, NLST, MLSD }

  private record Entry(String name, FileProps props, String linkTarget) {
  }

  private DirectoryListing() {
  }

  /** The lines for {@code target}: its entries when it is a directory, else the file itself (not for MLSD). */
  static Future<List<String>> lines(FileSystem fs, Target target, Kind kind, boolean writable) {
    return fs.props(target.file()).compose(props -> {
      if (!props.isDirectory()) {
        if (kind == Kind.MLSD) {
          throw new FtpException(501, "Not a directory.");
        }
        return entry(fs, target.file(), target.name()).map(e -> format(List.of(e), kind, writable));
      }
      return fs.readDir(target.file()).compose(paths -> {
        List<Future<Entry>> entries = new ArrayList<>();
        for (String path : paths.stream().sorted().toList()) {
          entries.add(entry(fs, path, Path.of(path).getFileName().toString()).otherwiseEmpty());
        }
        return Future.all(entries).map(all -> {
          List<Entry> found = new ArrayList<>();
          for (int i = 0; i < all.size(); i++) {
            if (all.resultAt(i) != null) {
              found.add(all.resultAt(i));
            }
          }
          return format(found, kind, writable);
        });
      });
    });
  }

  static Buffer toBuffer(List<String> lines) {
    Buffer buffer = Buffer.buffer();
    for (String line : lines) {
      buffer.appendString(line).appendString("\r\n");
    }
    return buffer;
  }

  private static Future<Entry> entry(FileSystem fs, String file, String name) {
    return fs.lprops(file).compose(props -> props.isSymbolicLink()
        ? fs.readSymlink(file).otherwise((String) null).map(link -> new Entry(name, props, shownTarget(link)))
        : Future.succeededFuture(new Entry(name, props, null)));
  }

  /**
   * What LIST shows a link pointing to: a relative target that stays below the link's directory; an absolute
   * target or one with {@code ..} would tell a client the server's own paths, so only the link's name is shown.
   */
  static String shownTarget(String target) {
    if (target == null || target.isEmpty() || target.startsWith("/")) {
      return null;
    }
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        return null;
      }
    }
    return target;
  }

  private static List<String> format(List<Entry> entries, Kind kind, boolean writable) {
    Instant now = Instant.now();
    List<String> lines = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      String name = Replies.clean(e.name());
      lines.add(switch (kind) {
        case LIST -> ListingFormat.longLine(name, e.props(), e.linkTarget() == null ? null : Replies.clean(e.linkTarget()),
            writable, now);
        case NLST -> name;
        case MLSD -> ListingFormat.facts(name, e.props(), writable, null);
      });
    }
    return lines;
  }
}
