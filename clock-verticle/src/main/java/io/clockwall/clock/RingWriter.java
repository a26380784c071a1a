package io.clockwall.clock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.Future;

import java.util.Arrays;

/**
 * A tick's writes on io_uring: one {@code SEND} of the shared line per client, put straight into the ring of the
 * event loop the clients live on. Netty's own write takes, per client and tick, a duplicate of the line, a trip down
 * the pipeline, an entry in the channel's outbound buffer (whose card marks kept G1's refinement thread at 4.8 to
 * 7.3% of the clock's CPU) and the completion's bookkeeping; this is one submission-queue entry and one completion.
 *
 * <p>Each send carries {@code MSG_DONTWAIT}: the kernel never parks it, a socket whose buffers are full answers
 * {@code -EAGAIN} (the client skips that tick), so nothing of a send outlives the submission that issued it but
 * its completion. The client ({@link ClockClient#sent}) hands a partial send's rest to its channel, which queues
 * it, and writes through the channel as long as anything is queued there, so that lines never interleave.
 *
 * <p>Why this is safe beside Netty's own use of the socket:
 * <ul>
 *   <li>Netty closes an io_uring channel's descriptor with a {@code CLOSE} entry in the same ring, in order: a
 *   send queued while the channel was open ({@link #send} checks) is issued before the close, and holds the
 *   socket until it completes; a descriptor number is never sent to after it could have been reused.</li>
 *   <li>The line's memory is retained here until the last send of it has completed.</li>
 *   <li>Only clients of this ring's event loop are written to.</li>
 * </ul>
 * The completion names its client by the entry's 16 bits of user data, so one writer serves up to 65,536 clients at
 * a time; any more go through Netty's write. Confined to its event loop.
 */
final class RingWriter implements IoUringIoHandle {

  /** {@code IORING_OP_SEND}, from the kernel's {@code io_uring.h}. */
  private static final byte IORING_OP_SEND = 26;
  /** {@code MSG_DONTWAIT}: fail with -EAGAIN instead of waiting for room in the socket. */
  private static final int MSG_DONTWAIT = 0x40;
  private static final int IDS = 1 << 16;

  private final EventLoop loop;
  private IoRegistration registration;
  private ClockClient[] clients = new ClockClient[64];
  private int[] free = new int[64];
  private int freeCount;
  private int nextId;
  private ByteBuf line;
  private int inFlight;
  private boolean cancelled;

  private RingWriter(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * A writer on the ring of {@code channel}'s event loop, or null where that is not io_uring. Call on that event
   * loop, where the registration completes at once.
   */
  static RingWriter on(Channel channel) {
    if (!(channel instanceof IoUringSocketChannel) || !(channel.eventLoop() instanceof IoEventLoop loop)
      || !loop.inEventLoop()) {
      return null;
    }
    RingWriter writer = new RingWriter(loop);
    Future<IoRegistration> registered = loop.register(writer);
    if (!registered.isSuccess()) {
      return null;
    }
    writer.registration = registered.getNow();
    return writer;
  }

  /**
   * An id for {@code client}'s sends, or -1 if it must write through its channel (another event loop, another
   * transport, or 65,536 clients already here).
   */
  int join(ClockClient client, Channel channel) {
    if (cancelled || channel.eventLoop() != loop || !(channel instanceof IoUringSocketChannel)) {
      return -1;
    }
    int id;
    if (freeCount > 0) {
      id = free[--freeCount];
    } else if (nextId < IDS) {
      id = nextId++;
    } else {
      return -1;
    }
    if (id >= clients.length) {
      clients = Arrays.copyOf(clients, Math.min(IDS, clients.length * 2));
    }
    clients[id] = client;
    return id;
  }

  /** Gives {@code id} back: its client has left, and has no send in flight (whose completion would go astray). */
  void leave(int id) {
    clients[id] = null;
    if (free.length == freeCount) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = id;
  }

  /**
   * Queues one send of {@code line} to the socket of client {@code id}; its completion comes to
   * {@link ClockClient#sent}. False, and nothing queued, if the channel is closing, the writer is cancelled, or an
   * earlier line still has sends in flight (the client then writes through its channel this once).
   */
  boolean send(int id, Channel channel, ByteBuf line) {
    if (cancelled || !channel.isOpen()) {
      return false;
    }
    if (line != this.line) {
      if (inFlight > 0 || !line.hasMemoryAddress()) {
        return false;
      }
      hold(line.retain());
    }
    int fd = ((IoUringSocketChannel) channel).fd().intValue();
    registration.submit(new IoUringIoOps(IORING_OP_SEND, (byte) 0, (short) 0, fd, 0,
      line.memoryAddress() + line.readerIndex(), line.readableBytes(), MSG_DONTWAIT, (short) id, (short) 0,
      (short) 0, 0, 0));
    inFlight++;
    return true;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    IoUringIoEvent completion = (IoUringIoEvent) event;
    inFlight--;
    ClockClient client = clients[completion.data() & 0xFFFF];
    if (client != null) {
      client.sent(completion.res(), line);
    }
    if (inFlight == 0 && cancelled) {
      hold(null);
    }
  }

  /** Stops taking sends; the line is let go once the last send in flight has completed. */
  void cancel() {
    if (!cancelled) {
      cancelled = true;
      if (registration != null) {
        registration.cancel();
      }
      if (inFlight == 0) {
        hold(null);
      }
    }
  }

  private void hold(ByteBuf next) {
    if (line != null) {
      line.release();
    }
    line = next;
  }

  @Override
  public void close() {
    // The event loop is shutting down; its ring still delivers the completions of what is in flight.
    cancel();
  }
}
