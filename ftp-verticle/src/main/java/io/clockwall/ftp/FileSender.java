package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * Zero-copy file sending ({@code NetSocket.sendFile}) in regions under a megabyte. Vert.x splits a larger sendFile
 * itself, but then logs a client's disconnect as an error with a stack trace, which an aborted download (lftp's
 * {@code pget} does it on every run) must not cause. Each region starts on a fresh event-loop task, so a long file
 * never deepens the stack.
 *
 * <p>TYPE A cannot be zero copy (every LF goes out as CRLF): {@link #sendAscii} reads the file on a worker, a chunk
 * at a time, and writes each chunk converted, waiting for the socket to drain whenever its write queue is full.
 */
final class FileSender {

  private static final long REGION = 1024 * 1024 - 1;
  private static final int ASCII_CHUNK = 64 * 1024;

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

  /** TYPE A: the file from byte {@code from} on, each LF sent as CRLF; {@code sent} counts file bytes. */
  static Future<Void> sendAscii(Vertx vertx, NetSocket socket, Path file, long from, LongConsumer sent) {
    Promise<Void> done = Promise.promise();
    vertx.executeBlocking(() -> FileChannel.open(file, StandardOpenOption.READ), false).onComplete(opened -> {
      if (opened.failed()) {
        done.fail(opened.cause());
        return;
      }
      FileChannel channel = opened.result();
      nextAscii(vertx, socket, channel, from, new AsciiConversion.Encoder(), sent, done);
      done.future().onComplete(ar -> vertx.executeBlocking(() -> {
        channel.close();
        return null;
      }, false));
    });
    return done.future();
  }

  private static void nextAscii(Vertx vertx, NetSocket socket, FileChannel channel, long position,
                                AsciiConversion.Encoder encoder, LongConsumer sent, Promise<Void> done) {
    if (done.future().isComplete()) { // the connection failed (or ABOR closed it)
      return;
    }
    vertx.executeBlocking(() -> read(channel, position), false).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      Buffer chunk = ar.result();
      if (chunk == null) {
        done.tryComplete();
        return;
      }
      sent.accept(chunk.length());
      socket.write(encoder.encode(chunk)).onFailure(done::tryFail);
      Runnable next = () -> nextAscii(vertx, socket, channel, position + chunk.length(), encoder, sent, done);
      if (socket.writeQueueFull()) {
        socket.drainHandler(v -> next.run());
      } else {
        next.run();
      }
    });
  }

  /** Blocking: the next chunk from {@code position}, or null at the end of the file. */
  private static Buffer read(FileChannel channel, long position) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(ASCII_CHUNK);
    int n = channel.read(bytes, position);
    return n < 0 ? null : Buffer.buffer(java.util.Arrays.copyOf(bytes.array(), n));
  }
}
