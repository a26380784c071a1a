package io.clockwall.ftp;

import io.netty.channel.DefaultFileRegion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;

/**
 * RETR's data: zero copy ({@code sendfile(2)} through Netty's {@link DefaultFileRegion}) from an open file, in regions
 * of {@link #REGION} bytes with {@link #IN_FLIGHT} of them queued on the connection at a time, so the socket never
 * waits for the server between two regions and a file of any size holds a few objects. (Vert.x's own
 * {@code sendFile} opens the file again for each megabyte and queues the next one once the socket has taken the
 * last; measured side by side, that made no difference in speed.) A disconnect fails the transfer quietly, without a
 * stack trace; so does a file cut shorter while it is sent (Netty finds fewer bytes than the region holds).
 *
 * <p>TYPE A cannot be zero copy (every LF goes out as CRLF): {@link #sendAscii} reads the file on a worker, a chunk
 * at a time, and writes each chunk converted, waiting for the socket to drain whenever its write queue is full.
 */
final class FileSender {

  static final long REGION = 8L * 1024 * 1024;
  static final int IN_FLIGHT = 2;
  private static final int ASCII_CHUNK = 64 * 1024;

  private final NetSocketInternal socket;
  private final FileChannel file;
  private final long end;
  private final LongConsumer sent;
  private final Promise<Void> done = Promise.promise();
  private long next;
  private int inFlight;
  private boolean filling;

  private FileSender(NetSocket socket, FileChannel file, long from, long end, LongConsumer sent) {
    this.socket = (NetSocketInternal) socket;
    this.file = file;
    this.next = from;
    this.end = end;
    this.sent = sent;
  }

  /**
   * Sends bytes {@code from} to {@code end} (exclusive) of {@code file} (on the socket's event loop); fails when the
   * connection does. The caller closes the file once the future completes.
   */
  static Future<Void> send(NetSocket socket, FileChannel file, long from, long end, LongConsumer sent) {
    FileSender sender = new FileSender(socket, file, from, end, sent);
    sender.fill();
    return sender.done.future();
  }

  private void fill() {
    if (filling) { // a write completed inside writeMessage: the loop below takes the freed place
      return;
    }
    filling = true;
    while (inFlight < IN_FLIGHT && next < end && !done.future().isComplete()) {
      long length = Math.min(end - next, REGION);
      // retained: the region's release after the write would otherwise close the file, which the caller owns
      DefaultFileRegion region = new DefaultFileRegion(file, next, length);
      region.retain();
      next += length;
      inFlight++;
      socket.writeMessage(region).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          done.tryFail(ar.cause());
        } else {
          sent.accept(length);
          fill();
        }
      });
    }
    filling = false;
    if (inFlight == 0 && next >= end) {
      done.tryComplete();
    }
  }

  /**
   * TYPE A: {@code file} from byte {@code from} on, each LF sent as CRLF; {@code sent} counts file bytes. The caller
   * closes the file once the future completes.
   */
  static Future<Void> sendAscii(Vertx vertx, NetSocket socket, FileChannel file, long from, LongConsumer sent) {
    Promise<Void> done = Promise.promise();
    nextAscii(vertx, socket, file, from, new AsciiConversion.Encoder(), sent, done);
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
