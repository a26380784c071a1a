package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Commands that use the data connection: RETR ({@link FileSender}: zero copy from the REST offset; TYPE A converted),
 * STOR and APPE ({@link FileReceiver}: batched writes on a worker, with back-pressure, never the whole file in
 * memory; TYPE A converted), LIST, NLST, MLSD; plus REST and STAT with a path. The data connection is used once and
 * closed. ABOR while a transfer runs replies 426 for it and closes its connection.
 */
final class TransferCommands {

  private static final class Transfer {
    final NetSocket socket;
    boolean aborted;

    Transfer(NetSocket socket) {
      this.socket = socket;
    }
  }

  private final FtpSession session;
  private Transfer current;

  TransferCommands(FtpSession session) {
    this.session = session;
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
    ConnectionReset.now(transfer.socket); // a download the client does not read: what is queued goes too
    return true;
  }

  /** The control connection is gone: stop the transfer without a reply. */
  void abortSilently() {
    if (current != null) {
      current.aborted = true;
      ConnectionReset.now(current.socket);
    }
  }

  Future<Void> statPath(String argument) {
    boolean writable = session.account.write();
    return session.onTarget(argument, t -> DirectoryListing.read(t, DirectoryListing.Kind.LIST, writable))
        .map(lines -> {
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
    DataChannel data = requireData();
    long offset = takeRest();
    boolean ascii = !session.binary;
    return session.onTarget(FileCommands.required(argument), t -> {
          if (!Files.isRegularFile(t.path())) {
            throw new FtpException(550, "Failed to open file.");
          }
          FileChannel file = FileChannel.open(t.path(), StandardOpenOption.READ);
          long size = file.size();
          if (offset > size) {
            file.close();
            throw new FtpException(554, "Restart position beyond the end of the file.");
          }
          return new Opened(t, file, size);
        })
        .compose(f -> closing(f.file(), transfer(data, "Opening " + mode() + " mode data connection for "
            + f.target().name() + " (" + f.size() + " bytes).", FtpStats.Direction.RETR, socket -> {
              LongConsumer counted = sent -> stats().bytes(FtpStats.Direction.RETR, sent);
              return ascii ? FileSender.sendAscii(session.vertx, socket, f.file(), offset, counted)
                  : FileSender.send(socket, f.file(), offset, f.size(), counted);
            })))
        .andThen(ar -> session.closeData());
  }

  /** A file open for RETR, with the size it had when opened. */
  private record Opened(Target target, FileChannel file, long size) {
  }

  /** {@code transfer}, then {@code file} closed on a worker, also when the data connection never came. */
  private Future<Void> closing(FileChannel file, Future<Void> transfer) {
    return transfer.eventually(() -> session.vertx.executeBlocking(() -> {
      file.close();
      return null;
    }, false));
  }

  private Future<Void> store(String argument, boolean append) {
    session.requireWrite();
    DataChannel data = requireData(); // before the file is created or truncated
    long offset = append ? 0 : takeRest();
    AsciiConversion.Decoder ascii = session.binary ? null : new AsciiConversion.Decoder();
    return session.onTarget(FileCommands.required(argument), t -> open(t.path(), append, offset))
        .compose(channel -> closing(channel, transfer(data, "Ok to send data.", FtpStats.Direction.STOR,
            socket -> FileReceiver.receive(session.vertx, socket, channel, ascii, session.services.uploads,
                written -> stats().bytes(FtpStats.Direction.STOR, written)))))
        .andThen(ar -> session.closeData());
  }

  /**
   * Blocking: the file to write, positioned: appended to (APPE), from the REST offset, or truncated. Only a regular
   * file or a new one: opening a named pipe for writing waits for a reader, and would hold a worker (all of the
   * server's file work shares them) for as long as nobody reads it.
   */
  private static FileChannel open(Path path, boolean append, long offset) throws IOException {
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new FtpException(550, "Not a regular file.");
    }
    if (append) {
      return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    if (offset == 0) {
      return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel.position(offset);
    return channel;
  }

  private Future<Void> list(String argument, DirectoryListing.Kind kind) {
    String path = argument.trim();
    while (path.startsWith("-")) { // ls options such as LIST -la [dir]: ignored
      int space = path.indexOf(' ');
      path = space < 0 ? "" : path.substring(space + 1).trim();
    }
    boolean writable = session.account.write();
    return session.onTarget(path.isEmpty() ? "." : path, t -> DirectoryListing.read(t, kind, writable))
        .compose(lines -> {
          Buffer listing = DirectoryListing.toBuffer(lines);
          return transfer(requireData(), "Here comes the directory listing.", null, socket -> socket.write(listing));
        })
        .andThen(ar -> session.closeData());
  }

  /**
   * Takes the data connection, replies 150, runs the body, closes the connection, replies 226 (or 426). A file
   * transfer ({@code direction} not null) that ends with 226 is counted.
   */
  private Future<Void> transfer(DataChannel channel, String opening, FtpStats.Direction direction,
                                Function<NetSocket, Future<Void>> body) {
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

  /** The data connection that PASV/EPSV or PORT/EPRT prepared; 425 without one. */
  private DataChannel requireData() {
    DataChannel data = session.data;
    if (data == null) {
      throw FtpException.noDataConnection();
    }
    return data;
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
