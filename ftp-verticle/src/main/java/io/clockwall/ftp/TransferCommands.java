package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.net.NetSocket;

import java.util.Map;
import java.util.function.Function;

/**
 * Commands that use the data connection: RETR ({@link FileSender}, zero copy from the REST offset), STOR and APPE (the data connection
 * piped into an AsyncFile, with back-pressure: never the whole file in memory), LIST, NLST, MLSD; plus REST and
 * STAT with a path. The data connection is used once and closed. ABOR while a transfer runs replies 426 for it and
 * closes its connection.
 */
final class TransferCommands {

  private static final class Transfer {
    final NetSocket socket;
    boolean aborted;

    Transfer(NetSocket socket) {
      this.socket = socket;
    }
  }

  /** Bytes of one upload in flight to the disk before its socket is paused (Vert.x's default is 128 KiB). */
  private static final int UPLOAD_QUEUE_BYTES = 1024 * 1024;

  private final FtpSession session;
  private Transfer current;

  TransferCommands(FtpSession session) {
    this.session = session;
  }

  private FileSystem fs() {
    return session.vertx.fileSystem();
  }

  void register(Map<String, Command> commands) {
    commands.put("REST", this::rest);
    commands.put("RETR", this::retr);
    commands.put("STOR", a -> store(a, false));
    commands.put("APPE", a -> store(a, true));
    commands.put("LIST", a -> list(a, DirectoryListing.Kind.LIST));
    commands.put("NLST", a -> list(a, DirectoryListing.Kind.NLST));
    commands.put("MLSD", a -> list(a, DirectoryListing.Kind.MLSD));
  }

  boolean active() {
    return current != null;
  }

  /** ABOR: replies 426 for the running transfer and closes its connection; false when none runs. */
  boolean abort() {
    if (current == null) {
      return false;
    }
    Transfer transfer = current;
    current = null; // a second ABOR finds nothing to abort, even before the connection has finished closing
    transfer.aborted = true;
    session.reply(426, "Connection closed; transfer aborted.");
    transfer.socket.close();
    return true;
  }

  /** The control connection is gone: stop the transfer without a reply. */
  void abortSilently() {
    if (current != null) {
      current.aborted = true;
      current.socket.close();
    }
  }

  Future<Void> statPath(String argument) {
    return session.resolve(argument).compose(t -> DirectoryListing.lines(fs(), t, DirectoryListing.Kind.LIST,
        session.account.write())).map(lines -> {
          session.write(Replies.multi(213, "Status of " + argument + ":", lines, "End of status."));
          return null;
        });
  }

  private Future<Void> rest(String argument) {
    long offset;
    try {
      offset = Long.parseLong(argument.trim());
    } catch (NumberFormatException e) {
      offset = -1;
    }
    if (offset < 0) {
      throw new FtpException(501, "REST needs a byte offset of 0 or more.");
    }
    session.restOffset = offset;
    session.reply(350, "Restart position accepted (" + offset + ").");
    return Future.succeededFuture();
  }

  private Future<Void> retr(String argument) {
    long offset = takeRest();
    return session.resolve(FileCommands.required(argument))
        .compose(t -> fs().props(t.file()).map(props -> {
          if (!props.isRegularFile()) {
            throw new FtpException(550, "Failed to open file.");
          }
          if (offset > props.size()) {
            throw new FtpException(554, "Restart position beyond the end of the file.");
          }
          return props.size();
        }).compose(size -> transfer("Opening " + mode() + " mode data connection for " + t.name() + " (" + size
            + " bytes).", FtpStats.Direction.RETR, socket -> FileSender.send(session.vertx, socket, t.file(), offset,
            size, sent -> stats().bytes(FtpStats.Direction.RETR, sent)))))
        .andThen(ar -> session.closeData());
  }

  private Future<Void> store(String argument, boolean append) {
    session.requireWrite();
    long offset = append ? 0 : takeRest();
    OpenOptions options = new OpenOptions().setWrite(true).setRead(false).setCreate(true)
        .setTruncateExisting(!append && offset == 0).setAppend(append);
    return session.resolve(FileCommands.required(argument))
        .compose(t -> fs().open(t.file(), options).compose(file -> {
          if (offset > 0) {
            file.setWritePos(offset);
          }
          file.setWriteQueueMaxSize(UPLOAD_QUEUE_BYTES);
          long start = file.getWritePos(); // the end of the file when appending
          return transfer("Ok to send data.", FtpStats.Direction.STOR, socket -> socket.pipeTo(file) // ends the file
                  .andThen(ar -> stats().bytes(FtpStats.Direction.STOR, file.getWritePos() - start)))
              .andThen(ar -> closeQuietly(file)); // when the data connection never came
        }))
        .andThen(ar -> session.closeData());
  }

  private Future<Void> list(String argument, DirectoryListing.Kind kind) {
    String path = argument.trim();
    while (path.startsWith("-")) { // ls options such as LIST -la [dir]: ignored
      int space = path.indexOf(' ');
      path = space < 0 ? "" : path.substring(space + 1).trim();
    }
    boolean writable = session.account.write();
    return session.resolve(path.isEmpty() ? "." : path)
        .compose(t -> DirectoryListing.lines(fs(), t, kind, writable))
        .compose(lines -> {
          Buffer listing = DirectoryListing.toBuffer(lines);
          return transfer("Here comes the directory listing.", null, socket -> socket.write(listing));
        })
        .andThen(ar -> session.closeData());
  }

  /**
   * Takes the data connection, replies 150, runs the body, closes the connection, replies 226 (or 426). A file
   * transfer ({@code direction} not null) that ends with 226 is counted.
   */
  private Future<Void> transfer(String opening, FtpStats.Direction direction,
                                Function<NetSocket, Future<Void>> body) {
    DataChannel channel = session.data;
    if (channel == null) {
      throw new FtpException(425, "Use PORT or PASV first.");
    }
    return channel.socket().compose(socket -> {
      Transfer transfer = new Transfer(socket);
      current = transfer;
      session.reply(150, opening);
      Future<Void> result;
      try {
        result = body.apply(socket);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.transform(ar -> socket.close().transform(closed -> {
        if (current == transfer) {
          current = null;
        }
        if (!transfer.aborted) {
          if (ar.succeeded()) {
            if (direction != null) {
              stats().transferred(direction);
            }
            session.reply(226, "Transfer complete.");
          } else {
            session.reply(426, "Connection closed; transfer aborted.");
          }
        }
        return Future.<Void>succeededFuture();
      }));
    });
  }

  private static void closeQuietly(AsyncFile file) {
    try {
      file.close();
    } catch (IllegalStateException alreadyClosed) {
      // closed by the pipe
    }
  }

  private long takeRest() {
    long offset = session.restOffset;
    session.restOffset = 0;
    return offset;
  }

  private FtpStats stats() {
    return session.services.stats;
  }

  private String mode() {
    return session.binary ? "BINARY" : "ASCII";
  }
}
