package io.clockwall.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanOutOrderTest {

  private static final ByteBuf LINE = Unpooled.copiedBuffer(new byte[] {'0', '\n'});

  /** A client that notes where in each tick it was reached. */
  private static final class Seat implements FanOut.Member {
    final List<Integer> places = new ArrayList<>();
    int slot = -1;
    boolean closed;
    final int[] clock;

    Seat(int[] clock) {
      this.clock = clock;
    }

    @Override
    public boolean offer(ByteBuf line) {
      if (closed) {
        return false;   // as a closed client: nothing written
      }
      places.add(clock[0]++);
      return true;
    }

    @Override
    public int slot() {
      return slot;
    }

    @Override
    public void slot(int slot) {
      this.slot = slot;
    }

    double meanPlace() {
      return places.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }
  }

  @Test
  void overAMinuteNoClientIsAlwaysLast() {
    int n = 20_000;
    int[] counter = new int[1];
    FanOut<Seat> ring = new FanOut<>();
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Seat s = new Seat(counter);
      seats.add(s);
      ring.add(s);
    }
    for (int tick = 0; tick < 60; tick++) {
      counter[0] = 0;
      ring.offer(LINE, Runnable::run, () -> { });
    }
    // The average place of a client is the middle of the tick, n/2; in a fixed order the last would sit at n.
    double worst = seats.stream().mapToDouble(Seat::meanPlace).max().orElseThrow();
    double best = seats.stream().mapToDouble(Seat::meanPlace).min().orElseThrow();
    assertTrue(worst < 0.55 * n && best > 0.45 * n, "mean places " + best + " .. " + worst + " of " + n);
    assertTrue(seats.stream().allMatch(s -> s.places.size() == 60), "every client reached at every tick");
  }

  @Test
  void clientsComeAndGoAndEachIsReachedOncePerTick() {
    int[] counter = new int[1];
    FanOut<Seat> ring = new FanOut<>();
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Seat s = new Seat(counter);
      seats.add(s);
      ring.add(s);
    }
    ring.remove(seats.get(0));
    ring.remove(seats.get(0));           // twice: nothing
    ring.remove(seats.get(99));          // the last slot
    seats.get(50).closed = true;         // closed for being slow: leaves at the tick
    ring.offer(LINE, Runnable::run, () -> { });
    assertEquals(97, ring.size());
    assertEquals(-1, seats.get(50).slot());
    ring.offer(LINE, Runnable::run, () -> { });
    assertEquals(List.of(), seats.get(0).places);
    assertEquals(List.of(), seats.get(50).places);
    assertEquals(new HashSet<>(seats.subList(1, 99)).size() - 1, ring.snapshot().size());
    for (Seat s : ring.snapshot()) {
      assertEquals(2, s.places.size(), "reached once per tick");
    }
    ring.snapshot().forEach(ring::remove);
    assertEquals(0, ring.size());
    ring.offer(LINE, Runnable::run, () -> { });                   // empty: nothing to do
  }

  @Test
  void aTickInChunksReachesTheClientsItStartedWithOnceEachAndNoneThatLeftMeanwhile() {
    int[] counter = new int[1];
    FanOut<Seat> ring = new FanOut<>();
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < 3 * FanOut.CHUNK + 10; i++) {
      Seat s = new Seat(counter);
      seats.add(s);
      ring.add(s);
    }
    ByteBuf line = Unpooled.directBuffer(9).writeBytes("00:00:00\n".getBytes());
    java.util.ArrayDeque<Runnable> later = new java.util.ArrayDeque<>();
    int[] done = new int[1];
    ring.offer(line, later::add, () -> done[0]++);
    assertEquals(FanOut.CHUNK, seats.stream().filter(s -> !s.places.isEmpty()).count(), "one chunk per task");
    assertEquals(2, line.refCnt(), "the tick holds the line until its last chunk");
    assertEquals(0, done[0], "not done before the last chunk");
    // between chunks: a client not yet reached leaves (the ring moves its last client into its slot), one joins
    Seat gone = seats.stream().filter(s -> s.places.isEmpty()).findFirst().orElseThrow();
    gone.closed = true;
    ring.remove(gone);
    Seat joined = new Seat(counter);
    ring.add(joined);
    while (!later.isEmpty()) {
      later.poll().run();
    }
    assertEquals(1, line.refCnt());
    assertEquals(1, done[0], "done once, after the last chunk");
    assertEquals(List.of(), joined.places, "joined after the tick began: its first line came on connecting");
    for (Seat s : seats) {
      assertEquals(s == gone ? 0 : 1, s.places.size(), "each client of the tick reached once, the one gone never");
    }
  }
}
