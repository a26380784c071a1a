package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * STOR and APPE: a data connection's bytes written to an open file, in batches, on a worker. The event loop collects
 * what the socket reads; when no write is running and at least {@link #BATCH_BYTES} wait (or the connection has
 * ended), all that waits goes to the file in one gathering write on a worker, while the socket goes on reading into
 * the next batch. Past {@link #MAX_PENDING_BYTES} waiting, the socket is paused until the running write is done, so
 * an upload holds at most about two batches in memory however fast the client sends and however slow the disk is.
 *
 * <p>A write per batch rather than per read (Vert.x's {@code AsyncFile} takes a worker hop per 64 KiB read) is
 * what makes an upload as fast as vsftpd's. The buffers go to the file as they are (their nio views, through Vert.x's
 * {@code BufferInternal}): no copy beyond the one the JDK makes into its own direct buffer.
 */
final class FileReceiver {

  static final int BATCH_BYTES = 256 * 1024;
  static final int MAX_PENDING_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final NetSocket socket;
  private final FileChannel channel;
  private final AsciiConversion.Decoder ascii;
  private final LongConsumer written;
  private final Promise<Void> done = Promise.promise();
  private List<Buffer> pending = new ArrayList<>();
  private long pendingBytes;
  private boolean writing;
  private boolean ended;
  private boolean paused;

  private FileReceiver(Vertx vertx, NetSocket socket, FileChannel channel, AsciiConversion.Decoder ascii,
                       LongConsumer written) {
    this.vertx = vertx;
    this.socket = socket;
    this.channel = channel;
    this.ascii = ascii;
    this.written = written;
  }

  /**
   * Reads {@code socket} to its end into {@code channel} (at its position); {@code ascii}, when not null, turns
   * CRLF into LF on the way (TYPE A). Completes once every byte is written; fails when the socket or a write does.
   * The caller closes the channel.
   */
  static Future<Void> receive(Vertx vertx, NetSocket socket, FileChannel channel, AsciiConversion.Decoder ascii,
                              LongConsumer written) {
    FileReceiver receiver = new FileReceiver(vertx, socket, channel, ascii, written);
    socket.handler(receiver::data);
    socket.endHandler(v -> receiver.end());
    socket.exceptionHandler(receiver::fail);
    socket.resume();
    return receiver.done.future();
  }

  private void data(Buffer buffer) {
    add(ascii == null ? buffer : ascii.decode(buffer));
    if (pendingBytes >= MAX_PENDING_BYTES && !paused) {
      paused = true;
      socket.pause();
    }
    flush();
  }

  private void end() {
    ended = true;
    if (ascii != null) {
      add(ascii.finish());
    }
    flush();
  }

  private void add(Buffer buffer) {
    if (buffer.length() > 0 && !done.future().isComplete()) {
      pending.add(buffer);
      pendingBytes += buffer.length();
    }
  }

  private void flush() {
    if (writing || done.future().isComplete()) {
      return;
    }
    if (pendingBytes < BATCH_BYTES && !(ended && pendingBytes > 0)) {
      if (ended) {
        done.tryComplete();
      }
      return;
    }
    List<Buffer> batch = pending;
    long bytes = pendingBytes;
    pending = new ArrayList<>();
    pendingBytes = 0;
    writing = true;
    if (paused) {
      paused = false;
      socket.resume(); // the next batch fills while this one is written
    }
    vertx.executeBlocking(() -> write(batch, bytes), false).onComplete(ar -> {
      writing = false;
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      written.accept(bytes);
      flush();
    });
  }

  /** Blocking: one gathering write of the batch (repeated until all of it is written). */
  private Void write(List<Buffer> batch, long bytes) throws IOException {
    ByteBuffer[] sources = new ByteBuffer[batch.size()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = ((BufferInternal) batch.get(i)).getByteBuf().nioBuffer();
    }
    for (long left = bytes; left > 0; ) {
      left -= channel.write(sources);
    }
    return null;
  }

  private void fail(Throwable failure) {
    if (done.tryFail(failure)) {
      pending.clear();
      socket.close();
    }
  }
}
