package io.clockwall.ftp;

import io.vertx.core.Future;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * Commands on names, no data connection: PWD CWD CDUP SIZE MDTM MLST DELE MKD RMD RNFR RNTO (and the X forms). Each
 * checks its path and does its file system work in one worker hop ({@link FtpSession#onTarget}).
 */
final class FileCommands {

  private final FtpSession session;

  FileCommands(FtpSession session) {
    this.session = session;
  }

  void register(Map<String, Command> commands) {
    Command pwd = a -> {
      session.reply(257, Replies.quoted(session.cwd) + " is the current directory.");
      return Future.succeededFuture();
    };
    commands.put("PWD", pwd);
    commands.put("XPWD", pwd);
    commands.put("CWD", this::cwd);
    commands.put("XCWD", this::cwd);
    commands.put("CDUP", a -> cwd(".."));
    commands.put("XCUP", a -> cwd(".."));
    commands.put("SIZE", this::size);
    commands.put("MDTM", this::mdtm);
    commands.put("MLST", this::mlst);
    commands.put("DELE", this::dele);
    commands.put("MKD", this::mkd);
    commands.put("XMKD", this::mkd);
    commands.put("RMD", this::rmd);
    commands.put("XRMD", this::rmd);
    commands.put("RNFR", this::rnfr);
    commands.put("RNTO", this::rnto);
  }

  static String required(String argument) {
    if (argument.isEmpty()) {
      throw new FtpException(501, "Missing argument.");
    }
    return argument;
  }

  private Future<Void> cwd(String argument) {
    return session.onTarget(argument.isEmpty() ? "/" : argument, t -> {
          if (!Files.isDirectory(t.path())) {
            throw new FtpException(550, "Failed to change directory.");
          }
          return t.virtual();
        })
        .<Void>map(virtual -> {
          session.cwd = virtual;
          session.reply(250, "Directory successfully changed.");
          return null;
        })
        .recover(e -> Future.<Void>failedFuture(e instanceof FtpException f && f.code != 550 ? f
            : new FtpException(550, "Failed to change directory.")));
  }

  private Future<Void> size(String argument) {
    return session.onTarget(required(argument), t -> {
      BasicFileAttributes attributes = Files.readAttributes(t.path(), BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new FtpException(550, "Could not get file size.");
      }
      return attributes.size();
    }).map(size -> {
      session.reply(213, String.valueOf(size));
      return null;
    });
  }

  private Future<Void> mdtm(String argument) {
    return session.onTarget(required(argument), t -> {
      BasicFileAttributes attributes = Files.readAttributes(t.path(), BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new FtpException(550, "Could not get file modification time.");
      }
      return attributes.lastModifiedTime().toMillis();
    }).map(millis -> {
      session.reply(213, ListingFormat.time(millis));
      return null;
    });
  }

  private Future<Void> mlst(String argument) {
    boolean writable = session.account.write();
    return session.onTarget(argument.isEmpty() ? "." : argument, t -> Map.entry(t.virtual(),
        ListingFormat.facts(t.virtual(), DirectoryListing.props(t.path()), writable, null))).map(facts -> {
          session.write(Replies.multi(250, "Listing " + facts.getKey(), List.of(facts.getValue()), "End"));
          return null;
        });
  }

  private Future<Void> dele(String argument) {
    session.requireWrite();
    return session.onTarget(required(argument), t -> {
      if (Files.isDirectory(t.path(), LinkOption.NOFOLLOW_LINKS)) {
        throw new FtpException(550, "Is a directory; use RMD.");
      }
      Files.delete(t.path());
      return null;
    }).map(v -> {
      session.reply(250, "Delete operation successful.");
      return null;
    });
  }

  private Future<Void> mkd(String argument) {
    session.requireWrite();
    return session.onTarget(required(argument), t -> {
      Files.createDirectory(t.path());
      return t.virtual();
    }).map(virtual -> {
      session.reply(257, Replies.quoted(virtual) + " created.");
      return null;
    });
  }

  private Future<Void> rmd(String argument) {
    session.requireWrite();
    return session.onTarget(required(argument), t -> {
      if (t.virtual().equals("/")) {
        throw FtpException.denied();
      }
      if (!Files.readAttributes(t.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
        throw new FtpException(550, "Not a directory.");
      }
      Files.delete(t.path());
      return null;
    }).map(v -> {
      session.reply(250, "Remove directory operation successful.");
      return null;
    });
  }

  private Future<Void> rnfr(String argument) {
    session.requireWrite();
    return session.onTarget(required(argument), t -> {
      if (t.virtual().equals("/")) {
        throw FtpException.denied();
      }
      Files.readAttributes(t.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS); // it must exist
      return t.virtual();
    }).map(virtual -> {
      session.renameFrom = virtual;
      session.reply(350, "Ready for RNTO.");
      return null;
    });
  }

  private Future<Void> rnto(String argument) {
    session.requireWrite();
    String from = session.renameFrom;
    session.renameFrom = null;
    if (from == null) {
      throw new FtpException(503, "RNFR required first.");
    }
    Jail jail = session.services.jail;
    return session.onTarget(required(argument), target -> {
      Path source = jail.check(from);
      if (target.virtual().equals("/")) {
        throw FtpException.denied();
      }
      Files.move(source, target.path());
      return null;
    }).map(v -> {
      session.reply(250, "Rename successful.");
      return null;
    });
  }
}
