package io.clockwall.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Maps a client's path to a path under the served root and refuses everything that would leave it.
 *
 * <p>Two steps. {@link #virtualPath} is lexical: the argument is joined to the working directory, {@code .} and empty
 * segments dropped, {@code ..} applied (never above {@code /}); a NUL byte or an over-long path is a 501.
 * {@link #check} then touches the file system (blocking: run it on a worker): the target's real path, with every
 * symbolic link resolved, must lie under the root's real path, compared per path component (so {@code /srv/ftp2} is
 * not under {@code /srv/ftp}); for a target that does not exist yet, its nearest existing ancestor's real path is
 * checked; a dangling symbolic link is refused (following it could create a file anywhere).
 */
final class Jail {

  static final int MAX_PATH = 1024;

  private final Path root;

  /** @param root the root's real path */
  Jail(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** The normalized absolute virtual path ({@code /a/b}) of {@code arg} relative to {@code cwd}. */
  static String virtualPath(String cwd, String arg) {
    if (arg.indexOf('\0') >= 0) {
      throw new FtpException(501, "NUL byte in path.");
    }
    if (arg.length() > MAX_PATH) {
      throw new FtpException(501, "Path too long.");
    }
    Deque<String> segments = new ArrayDeque<>();
    String joined = arg.startsWith("/") ? arg : cwd + "/" + arg;
    for (String segment : joined.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        segments.pollLast();
      } else {
        segments.addLast(segment);
      }
    }
    String path = "/" + String.join("/", segments);
    if (path.length() > MAX_PATH) {
      throw new FtpException(501, "Path too long.");
    }
    return path;
  }

  /** The lexical host path of a normalized virtual path (no file system access). */
  Path hostPath(String virtualPath) {
    return virtualPath.equals("/") ? root : root.resolve(virtualPath.substring(1));
  }

  /** Blocking: the host path of a normalized virtual path once symbolic links are checked; 550 when it escapes. */
  Path check(String virtualPath) {
    Path path = hostPath(virtualPath);
    try {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.exists(path)) {
          throw FtpException.denied(); // dangling link
        }
        if (!path.toRealPath().startsWith(root)) {
          throw FtpException.denied();
        }
        return path;
      }
      Path ancestor = path.getParent();
      while (ancestor != null && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor == null || !ancestor.toRealPath().startsWith(root)) {
        throw FtpException.denied();
      }
      return path;
    } catch (IOException | SecurityException e) {
      throw FtpException.denied();
    }
  }
}
