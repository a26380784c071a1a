package io.clockwall.ftp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The text of LIST, NLST, MLSD (and STAT with a path): one line per entry, CRLF-terminated, names sorted. Read in one
 * go on a worker ({@link #read}: the directory, then each entry's attributes and link target), so a listing costs
 * one worker hop however many entries it has; a symbolic link is listed as a link, never followed. An entry that
 * vanishes while the listing is built is left out.
 */
final class DirectoryListing {

  enum Kind { LIST, NLST, MLSD }

  /** An entry; {@code type} is its {@code ls -l} type letter ({@link #typeLetter}). */
  private record Entry(String name, FileProps props, String linkTarget, char type) {
  }

  /** A file's attributes as the listing formats read them. */
  private record Props(BasicFileAttributes attributes) implements FileProps {
    @Override
    public long creationTime() {
      return attributes.creationTime().toMillis();
    }

    @Override
    public long lastAccessTime() {
      return attributes.lastAccessTime().toMillis();
    }

    @Override
    public long lastModifiedTime() {
      return attributes.lastModifiedTime().toMillis();
    }

    @Override
    public boolean isDirectory() {
      return attributes.isDirectory();
    }

    @Override
    public boolean isOther() {
      return attributes.isOther();
    }

    @Override
    public boolean isRegularFile() {
      return attributes.isRegularFile();
    }

    @Override
    public boolean isSymbolicLink() {
      return attributes.isSymbolicLink();
    }

    @Override
    public long size() {
      return attributes.size();
    }
  }

  private DirectoryListing() {
  }

  /**
   * Blocking: the lines for {@code target}: its entries when it is a directory, else the file itself (not for
   * MLSD).
   */
  static List<String> read(Target target, Kind kind, boolean writable) throws IOException {
    if (!Files.isDirectory(target.path())) {
      if (kind == Kind.MLSD) {
        throw new FtpException(501, "Not a directory.");
      }
      return format(List.of(entry(target.path(), target.name())), kind, writable);
    }
    List<Path> paths;
    try (Stream<Path> listed = Files.list(target.path())) {
      paths = listed.sorted().toList();
    }
    List<Entry> found = new ArrayList<>(paths.size());
    for (Path path : paths) {
      String name = path.getFileName().toString();
      if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
        continue; // no command can name it (RFC 959: CR and LF end a line), and in a listing it would forge lines
      }
      try {
        found.add(entry(path, name));
      } catch (IOException gone) {
        // removed while listed
      }
    }
    return format(found, kind, writable);
  }

  /** Blocking: the attributes of a path itself (not followed) for MLST and the like. */
  static FileProps props(Path path) throws IOException {
    return new Props(Files.readAttributes(path, BasicFileAttributes.class));
  }

  static Buffer toBuffer(List<String> lines) {
    Buffer buffer = Buffer.buffer();
    for (String line : lines) {
      buffer.appendString(line).appendString("\r\n");
    }
    return buffer;
  }

  private static Entry entry(Path path, String name) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String link = null;
    if (attributes.isSymbolicLink()) {
      try {
        link = shownTarget(Files.readSymbolicLink(path).toString());
      } catch (IOException | UnsupportedOperationException unreadable) {
        link = null;
      }
    }
    Props props = new Props(attributes);
    return new Entry(name, props, link, typeLetter(path, props));
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

  /**
   * Blocking: the type letter {@code ls -l} shows for {@code path} (not followed): {@code l}, {@code d}, {@code -},
   * and for anything else {@code p} (named pipe), {@code s} (socket), {@code c} or {@code b} (device), so that a
   * client does not take it for a file it could download.
   */
  private static char typeLetter(Path path, FileProps props) {
    if (props.isSymbolicLink()) {
      return 'l';
    }
    if (props.isDirectory()) {
      return 'd';
    }
    if (!props.isOther()) {
      return '-';
    }
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return switch (mode & 0170000) {
        case 0010000 -> 'p';
        case 0140000 -> 's';
        case 0020000 -> 'c';
        case 0060000 -> 'b';
        default -> '?';
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      return '?'; // no unix view here, or the entry went away
    }
  }

  private static List<String> format(List<Entry> entries, Kind kind, boolean writable) {
    Instant now = Instant.now();
    List<String> lines = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      String name = Replies.clean(e.name());
      lines.add(switch (kind) {
        case LIST -> ListingFormat.longLine(name, e.props(), e.type(),
            e.linkTarget() == null ? null : Replies.clean(e.linkTarget()), writable, now);
        case NLST -> name;
        case MLSD -> ListingFormat.facts(name, e.props(), writable, null);
      });
    }
    return lines;
  }
}
