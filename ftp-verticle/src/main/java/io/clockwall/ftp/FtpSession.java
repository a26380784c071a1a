package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One control connection: reads command lines, runs them one at a time in order (through a {@link CommandQueue}),
 * checks login and arguments before dispatching to the command classes, and holds the session state the command classes share. ABOR
 * and STAT are answered at once while a transfer runs. The idle timeout runs only while the session waits for a
 * command, never during a command or a transfer.
 */
final class FtpSession {

  static final int MAX_LINE = 2048;
  private static final long CLOSE_GRACE_MS = 5000;
  private static final String TOO_LONG = "\0too-long";
  private static final Set<String> BEFORE_LOGIN = Set.of("USER", "PASS", "QUIT", "FEAT", "SYST", "NOOP", "HELP");

  final FtpServices services;
  final Vertx vertx;
  final NetSocket control;
  final String clientHost;
  final String localHost;

  UserAccount account;
  String cwd = "/";
  boolean binary;
  long restOffset;
  String renameFrom;
  DataChannel data;

  private final Map<String, Command> commands = new HashMap<>();
  private final TransferCommands transfers;
  private final CommandQueue queue;
  private boolean closed;
  private long idleTimer = -1;

  FtpSession(FtpServices services, NetSocket control) {
    this.services = services;
    this.vertx = services.vertx;
    this.control = control;
    this.clientHost = control.remoteAddress().hostAddress();
    this.localHost = control.localAddress().hostAddress();
    new LoginCommands(this).register(commands);
    new ProtocolCommands(this).register(commands);
    new FileCommands(this).register(commands);
    new DataCommands(this).register(commands);
    this.transfers = new TransferCommands(this);
    transfers.register(commands);
    this.queue = new CommandQueue(control, line -> {
      cancelIdle(); // the one place a line stops the idle timer: its command runs (the queue arms it again to wait)
      return line.equals(TOO_LONG) ? tooLong() : execute(line);
    }, this::armIdle);
  }

  /** Sends the greeting and starts reading commands; {@code onClose} runs once when the connection is gone. */
  void start(Runnable onClose) {
    ControlLineReader reader = new ControlLineReader(MAX_LINE, this::onLine, () -> onLine(null));
    control.handler(reader::feed);
    control.exceptionHandler(e -> control.close());
    control.closeHandler(v -> {
      closed = true;
      queue.stop();
      cancelIdle();
      transfers.abortSilently();
      closeData();
      onClose.run();
    });
    reply(220, "clockwall FTP server ready.");
    armIdle();
  }

  void reply(int code, String text) {
    write(Replies.line(code, text));
  }

  void write(Buffer buffer) {
    if (!closed) {
      control.write(buffer);
    }
  }

  /** Writes a last reply, then closes the control connection. */
  void closeWith(int code, String text) {
    if (closed) {
      return;
    }
    control.write(Replies.line(code, text)).onComplete(ar -> control.close());
    // a client that reads nothing would keep its connection (and its slot) for ever: it goes anyway, a bit later
    vertx.setTimer(CLOSE_GRACE_MS, id -> ConnectionReset.now(control));
    closed = true;
    queue.stop();
    cancelIdle();
  }

  /** Work on a checked path, on a worker: blocking calls allowed, exceptions become replies ({@link FtpException#of}). */
  @FunctionalInterface
  interface OnTarget<T> {
    T run(Target target) throws Exception;
  }

  /**
   * Resolves a client's path against the working directory, checks it in the jail and runs {@code work} on it, all
   * in one worker hop (a command costs one round trip to a worker, not one for the check and one for the work).
   */
  <T> Future<T> onTarget(String argument, OnTarget<T> work) {
    String virtual;
    try {
      virtual = Jail.virtualPath(cwd, argument);
    } catch (FtpException e) {
      return Future.failedFuture(e);
    }
    Jail jail = services.jail;
    return vertx.executeBlocking(() -> work.run(new Target(virtual, jail.check(virtual))), false);
  }

  /** Fails with 550 unless the logged-in user may change files. */
  void requireWrite() {
    if (account == null || !account.write()) {
      throw FtpException.denied();
    }
  }

  void closeData() {
    if (data != null) {
      data.close();
      data = null;
    }
  }

  boolean transferring() {
    return transfers.active();
  }

  Future<Void> statPath(String argument) {
    return transfers.statPath(argument);
  }

  boolean abortTransfer() {
    return transfers.abort();
  }

  private void onLine(String line) {
    if (closed) {
      return;
    }
    if (line != null && transfers.active()) {
      String verb = verb(line);
      // ABOR ends the transfer; STAT's replies, when the client reads none, wait their turn in the queue
      if (verb.equals("ABOR") || verb.equals("STAT") && !control.writeQueueFull()) {
        execute(line);
        return;
      }
    }
    queue.add(line == null ? TOO_LONG : line);
  }

  private Future<Void> tooLong() {
    services.badRequests.warn("command line over " + MAX_LINE + " bytes from " + clientHost);
    reply(500, "Command line too long.");
    return Future.succeededFuture();
  }

  private Future<Void> execute(String line) {
    String verb = verb(line);
    int space = line.indexOf(' ');
    String argument = space < 0 ? "" : line.substring(space + 1);
    Command command = commands.get(verb);
    if (verb.isEmpty()) {
      reply(500, "Empty command.");
    } else if (account == null && !BEFORE_LOGIN.contains(verb)) {
      reply(530, "Please login with USER and PASS."); // unknown verbs too: nothing is told before login
    } else if (command == null) {
      reply(500, "Unknown command.");
    } else if (line.indexOf('\0') >= 0) {
      reply(501, "NUL byte in command.");
    } else if (line.indexOf('\r') >= 0) {
      reply(501, "CR in command."); // RFC 959: a path or a word holds no CR; a name with one would break listings
    } else {
      if (renameFrom != null && !verb.equals("RNTO")) {
        renameFrom = null;
      }
      try {
        return command.run(argument).recover(this::failed);
      } catch (RuntimeException e) {
        return failed(e);
      }
    }
    return Future.succeededFuture();
  }

  private Future<Void> failed(Throwable failure) {
    FtpException reply = FtpException.of(failure);
    if (reply == null) {
      services.localErrors.warn("local error for " + clientHost + ": " + failure);
      reply = new FtpException(451, "Local error in processing.");
    }
    reply(reply.code, reply.getMessage());
    return Future.succeededFuture();
  }

  private static String verb(String line) {
    int space = line.indexOf(' ');
    String verb = (space < 0 ? line : line.substring(0, space)).trim();
    return verb.length() > 8 ? "?" : verb.toUpperCase(Locale.ROOT);
  }

  private void armIdle() {
    cancelIdle();
    if (closed) {
      return;
    }
    idleTimer = vertx.setTimer(services.config.idleTimeoutSeconds() * 1000L, id -> {
      idleTimer = -1;
      services.refusedConnections.warn("idle timeout: closing the control connection from " + clientHost);
      closeWith(421, "Timeout.");
    });
  }

  private void cancelIdle() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
  }
}
