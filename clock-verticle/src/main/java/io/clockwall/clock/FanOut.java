package io.clockwall.clock;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The clients of one clock instance, and the order a tick reaches them in. Writing to 20,000 clients takes a
 * tick most of a hundred milliseconds, so the order decides who is late: in a fixed order the same clients would
 * be the last ones of every tick. Each tick therefore starts at another place of the ring, moved on by the golden
 * ratio of its length, so that over a minute every client is early about as often as late.
 *
 * <p>Adding and removing a client cost O(1) (the last client takes a removed one's slot). Confined to the
 * instance's event loop.
 */
final class FanOut<M extends FanOut.Member> {

  /** The golden ratio's fractional part: successive starts spread evenly over the ring, never in step with it. */
  private static final double STEP = 0.6180339887498949;

  /** A client as the fan-out sees it. */
  interface Member {
    /** Sends the line (or skips it); false once the client is closed and should leave the ring. */
    boolean offer(ByteBuf line);

    /** Where this member is in the ring, or -1; kept by the ring. */
    int slot();

    void slot(int slot);
  }

  private Member[] ring = new Member[64];
  private int size;
  private double start;

  void add(M client) {
    if (size == ring.length) {
      ring = Arrays.copyOf(ring, size * 2);
    }
    client.slot(size);
    ring[size++] = client;
  }

  /** Forgets {@code client}; nothing if it is not here (any more). */
  void remove(M client) {
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

  int size() {
    return size;
  }

  /**
   * Offers {@code line} to every client, starting at this tick's place in the ring; a client closed for being slow
   * leaves the ring.
   */
  @SuppressWarnings("unchecked")
  void offer(ByteBuf line) {
    int n = size;
    if (n == 0) {
      return;
    }
    start = (start + STEP) % 1.0;
    int first = (int) (start * n);
    Member[] dropped = null;
    int drops = 0;
    for (int k = 0, i = first; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      Member client = ring[i];
      if (!client.offer(line)) {
        if (dropped == null) {
          dropped = new Member[n - k];
        }
        dropped[drops++] = client;
      }
    }
    for (int d = 0; d < drops; d++) {
      remove((M) dropped[d]);
    }
  }

  /** Every client now, for closing them all. */
  @SuppressWarnings("unchecked")
  List<M> snapshot() {
    List<M> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add((M) ring[i]);
    }
    return all;
  }
}
