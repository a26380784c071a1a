package io.clockwall.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * an upload holds at most about twice that (4 MiB: what waits and what is being written) however fast the client
 * sends and however slow the disk is. Each pause closes the client's TCP window until the write is done; with 1 MiB
 * instead of 2, 1 GB uploads on loopback went 10-15% slower (two loops of eight alternating uploads). What all
 * uploads of the address hold is bounded too ({@link UploadBudget}): what an upload holds beyond one batch counts
 * against the budget (so that a silent client's last few bytes hold none of it), and an upload that finds the budget
 * spent pauses until writes, its own or others', have given bytes back.
 *
 * <p>A write per batch rather than per read (Vert.x's {@code AsyncFile} takes a worker hop per 64 KiB read) is
 * what makes an upload fast; so is taking the bytes as Netty read them: the data socket hands over its raw, pooled
 * buffers ({@link DataSocket}), which go to the file as they are and back to the pool once written, where the public
 * handler would copy each read into a fresh heap buffer and the JDK that again into a direct one.
 *
 * <p>The end of the data is the client's end of its stream (its FIN). Vert.x reports that end at once, also while
 * the socket is paused and buffers read before it still wait in Vert.x; so the end is acted on only when the socket
 * is not paused, after the last waiting buffer ({@link #resume}). A connection closed without that end (the
 * server's idle timeout on a stalled upload, ABOR) fails the transfer, so that a cut upload is answered 426, never
 * 226.
 */
final class FileReceiver {

  static final int BATCH_BYTES = 256 * 1024;
  static final int MAX_PENDING_BYTES = 2 * 1024 * 1024;
  /**
   * The largest read of an upload's socket (Netty's default is 64 KiB): a sender that keeps the socket full is read
   * in up to four times fewer calls, each handing one buffer to the batch; the size still follows what each read
   * brings, so a slow sender holds small buffers. 1 GB uploads on loopback, alternating with the default in two loops
   * of twelve, went 8% and 15% faster (medians of the warm rounds); 512 KiB gave no more.
   */
  static final int MAX_READ_BYTES = 256 * 1024;

  private final Vertx vertx;
  private final NetSocket socket;
  private final FileChannel channel;
  private final AsciiConversion.Decoder ascii;
  private final UploadBudget budget;
  private final Context context;
  private final LongConsumer written;
  private final Promise<Void> done = Promise.promise();
  private List<ByteBuf> pending = new ArrayList<>();
  private long pendingBytes;
  /** Bytes of the batch being written; 0 while no write runs (a batch is never empty). */
  private long writingBytes;
  /** Bytes counted against the budget: what this upload holds beyond {@link #BATCH_BYTES}. */
  private long counted;
  private boolean ended;
  private boolean peerEnded;
  private boolean paused;
  /** Paused for the budget: waiting for other uploads to give bytes back. */
  private boolean starved;

  private FileReceiver(Vertx vertx, NetSocket socket, FileChannel channel, AsciiConversion.Decoder ascii,
                       UploadBudget budget, LongConsumer written) {
    this.vertx = vertx;
    this.socket = socket;
    this.channel = channel;
    this.ascii = ascii;
    this.budget = budget;
    this.context = vertx.getOrCreateContext();
    this.written = written;
  }

  /**
   * Reads {@code socket} ({@link DataSocket#prepare prepared}) to its end into {@code channel} (at its position);
   * {@code ascii}, when not null, turns CRLF into LF on the way (TYPE A); what it holds counts against
   * {@code budget}. Completes once every byte is written; fails when the socket or a write does. The caller closes
   * the channel.
   */
  static Future<Void> receive(Vertx vertx, NetSocket socket, FileChannel channel, AsciiConversion.Decoder ascii,
                              UploadBudget budget, LongConsumer written) {
    FileReceiver receiver = new FileReceiver(vertx, socket, channel, ascii, budget, written);
    DataSocket.receive(socket, MAX_READ_BYTES, receiver::message, receiver::peerEnded);
    socket.closeHandler(v -> receiver.closed());
    socket.exceptionHandler(receiver::fail);
    receiver.peerEnded = DataSocket.ended(socket); // it ended before the command came
    receiver.paused = true;
    if (budget.available()) {
      receiver.resume();
    } else {
      receiver.starve();
    }
    return receiver.done.future();
  }

  private void message(Object message) {
    if (!(message instanceof ByteBuf buffer) || done.future().isComplete()) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (ascii != null) {
      Buffer decoded = ascii.decode(Buffer.buffer(ByteBufUtil.getBytes(buffer)));
      buffer.release();
      add(Unpooled.wrappedBuffer(decoded.getBytes()));
    } else {
      add(buffer);
    }
    if (pendingBytes >= MAX_PENDING_BYTES) {
      pause();
    }
    if (!starved && !budget.available()) {
      pause();
      starve();
    }
    flush();
  }

  private void pause() {
    if (!paused) {
      paused = true;
      socket.pause();
    }
  }

  /** Waits, paused, for the budget to have room (this upload's own write, if one runs, gives its part back). */
  private void starve() {
    starved = true;
    budget.await(this, context, this::fed);
  }

  /** The budget has room again: read on, unless the running write must first make room in this upload. */
  private void fed() {
    starved = false;
    if (done.future().isComplete()) {
      return;
    }
    if (paused && pendingBytes < MAX_PENDING_BYTES) {
      resume();
    }
  }

  /** Brings the bytes counted against the budget up to date with what this upload holds. */
  private void recount() {
    long due = Math.max(0, pendingBytes + writingBytes - BATCH_BYTES);
    if (due > counted) {
      budget.take(due - counted);
    } else if (due < counted) {
      budget.give(counted - due);
    }
    counted = due;
  }

  private void peerEnded() {
    peerEnded = true;
    if (!paused) {
      end();
    }
  }

  /** Closed: after the client's end, nothing more to do; before it, the upload was cut short. */
  private void closed() {
    if (!peerEnded) {
      fail(new IOException("data connection closed before the end of the upload"));
    }
  }

  /**
   * Reads on. Vert.x hands over, at once, the buffers it held while the socket was paused, unless a handler pauses it
   * again meanwhile: then the rest waits for the next resume, and the client's end, which Vert.x reports as soon as
   * it is read, is acted on only once nothing waits any more.
   */
  private void resume() {
    paused = false;
    socket.resume();
    if (peerEnded && !paused) {
      end();
    }
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (ascii != null) {
      Buffer rest = ascii.finish();
      if (rest.length() > 0) {
        add(Unpooled.wrappedBuffer(rest.getBytes()));
      }
    }
    flush();
  }

  private void add(ByteBuf buffer) {
    if (buffer.readableBytes() == 0) {
      buffer.release();
      return;
    }
    pending.add(buffer);
    pendingBytes += buffer.readableBytes();
    recount();
  }

  private void flush() {
    if (writingBytes > 0 || done.future().isComplete()) {
      return;
    }
    if (pendingBytes < BATCH_BYTES && !(ended && pendingBytes > 0)) {
      if (ended && done.tryComplete()) {
        budget.cancel(this);
      }
      return;
    }
    List<ByteBuf> batch = pending;
    long bytes = pendingBytes;
    pending = new ArrayList<>();
    pendingBytes = 0;
    writingBytes = bytes;
    if (paused && !starved) {
      resume(); // the next batch fills while this one is written
    }
    vertx.executeBlocking(() -> write(batch, bytes), false).onComplete(ar -> {
      batch.forEach(ByteBuf::release);
      writingBytes = 0;
      recount();
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      written.accept(bytes);
      flush();
    });
  }

  /** Blocking: one gathering write of the batch (repeated until all of it is written). */
  private Void write(List<ByteBuf> batch, long bytes) throws IOException {
    List<ByteBuffer> sources = new ArrayList<>(batch.size());
    for (ByteBuf buffer : batch) {
      if (buffer.nioBufferCount() == 1) {
        sources.add(buffer.nioBuffer());
      } else {
        sources.addAll(List.of(buffer.nioBuffers()));
      }
    }
    ByteBuffer[] array = sources.toArray(ByteBuffer[]::new);
    for (long left = bytes; left > 0; ) {
      left -= channel.write(array);
    }
    return null;
  }

  private void fail(Throwable failure) {
    if (done.tryFail(failure)) {
      pending.forEach(ByteBuf::release);
      pending.clear();
      pendingBytes = 0;
      budget.cancel(this);
      recount();
      socket.close();
      if (paused) {
        resume(); // whatever still comes is released (the transfer is over)
      }
    }
  }
}
