package io.clockwall.runtime;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The clients of one event loop that all get the same bytes at once (a clock's tick, a row of the wall's page), and
 * the order a tick reaches them in. Writing to 20,000 clients takes a tick most of a hundred milliseconds, so the
 * order decides who is late: in a fixed order the same clients would be the last ones of every tick. Each tick
 * therefore starts at another place of the ring, moved on by the golden ratio of its length, so that over a minute
 * every client is early about as often as late.
 *
 * <p>Adding and removing a client cost O(1) (the last client takes a removed one's slot). Confined to one event
 * loop.
 */
public final class FanOut<M extends FanOut.Member> {

  /** The golden ratio's fractional part: successive starts spread evenly over the ring, never in step with it. */
  private static final double STEP = 0.6180339887498949;

  /** A client as the fan-out sees it. */
  public interface Member {
    /** Sends the line (or skips it); false once the client is closed and should leave the ring. */
    boolean offer(ByteBuf line);

    /** Where this member is in the ring, or -1; kept by the ring. */
    int slot();

    void slot(int slot);
  }

  /** Clients written to in one event-loop task. */
  public static final int CHUNK = 1024;

  private Member[] ring = new Member[64];
  private int size;
  private double start;

  public void add(M client) {
    if (size == ring.length) {
      ring = Arrays.copyOf(ring, size * 2);
    }
    client.slot(size);
    ring[size++] = client;
  }

  /** Forgets {@code client}; nothing if it is not here (any more). */
  public void remove(M client) {
    int i = client.slot();
    if (i < 0 || i >= size || ring[i] != client) {
      return;
    }
    Member last = ring[--size];
    ring[i] = last;
    last.slot(i);
    ring[size] = null;
    client.slot(-1);
  }

  public int size() {
    return size;
  }

  /**
   * Offers {@code line} to every client, starting at this tick's place in the ring, {@link #CHUNK} clients at a
   * time: {@code later} runs each next chunk as a task of its own, so that the event loop hands a chunk's writes to
   * the kernel and takes their completions in before the next (on io_uring a tick's completions never overflow
   * the completion queue, whose default holds 4,096). A client closed for being slow leaves the ring. The tick's
   * clients are fixed when it starts: one that connects meanwhile got its first line on connecting, one that
   * leaves is not written to. {@code done} runs after the last client's write.
   */
  public void offer(ByteBuf line, Consumer<Runnable> later, Runnable done) {
    int n = size;
    if (n == 0) {
      done.run();
      return;
    }
    start = (start + STEP) % 1.0;
    int first = (int) (start * n);
    Member[] tick = new Member[n];
    System.arraycopy(ring, first, tick, 0, n - first);
    System.arraycopy(ring, 0, tick, n - first, first);
    line.retain();
    chunk(tick, 0, line, later, done);
  }

  @SuppressWarnings("unchecked")
  private void chunk(Member[] tick, int from, ByteBuf line, Consumer<Runnable> later, Runnable done) {
    int to = Math.min(tick.length, from + CHUNK);
    for (int i = from; i < to; i++) {
      if (!tick[i].offer(line)) {
        remove((M) tick[i]);
      }
    }
    if (to < tick.length) {
      later.accept(() -> chunk(tick, to, line, later, done));
    } else {
      line.release();
      done.run();
    }
  }

  /** Every client now, for closing them all. */
  @SuppressWarnings("unchecked")
  public List<M> snapshot() {
    List<M> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add((M) ring[i]);
    }
    return all;
  }
}
