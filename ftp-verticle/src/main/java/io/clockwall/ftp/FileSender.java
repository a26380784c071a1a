package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

import java.util.function.LongConsumer;

/**
 * Zero-copy file sending ({@code NetSocket.sendFile}) in regions under a megabyte. Vert.x splits a larger sendFile
 * itself, but then logs a client's disconnect as an error with a stack trace, which an aborted download (lftp's
 * {@code pget} does it on every run) must not cause. Each region starts on a fresh event-loop task, so a long file
 * never deepens the stack.
 */
final class FileSender {

  private static final long REGION = 1024 * 1024 - 1;

  private FileSender() {
  }

  /** Sends bytes {@code from} to {@code end} (exclusive) of {@code file}; fails when the connection or file does. */
  static Future<Void> send(Vertx vertx, NetSocket socket, String file, long from, long end, LongConsumer sent) {
    Promise<Void> done = Promise.promise();
    next(vertx, socket, file, from, end, sent, done);
    return done.future();
  }

  private static void next(Vertx vertx, NetSocket socket, String file, long offset, long end, LongConsumer sent,
                           Promise<Void> done) {
    long length = Math.min(end - offset, REGION);
    if (length <= 0) {
      done.tryComplete();
      return;
    }
    try {
      socket.sendFile(file, offset, length).onComplete(ar -> {
        if (ar.failed()) {
          done.tryFail(ar.cause());
        } else {
          sent.accept(length);
          vertx.runOnContext(v -> next(vertx, socket, file, offset + length, end, sent, done));
        }
      });
    } catch (RuntimeException e) { // the file shrank under the transfer
      done.tryFail(e);
    }
  }
}
