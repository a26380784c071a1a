package io.clockwall.clock;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Well-behaved clients of a UTC clock on real sockets, one thread each, recording every label's error: its arrival
 * minus the start of the second it names, in microseconds, filed under the phase current when it arrived. A label
 * that is not the second after the previous one is recorded as a gap.
 */
final class HonestReaders implements AutoCloseable {

  private final List<Socket> sockets = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<List<Long>> errorsByPhase = new CopyOnWriteArrayList<>();
  private final List<String> gaps = new CopyOnWriteArrayList<>();
  private volatile int phase;

  HonestReaders(int port, int clients, int phases) throws IOException {
    for (int i = 0; i < phases; i++) {
      errorsByPhase.add(java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    for (int i = 0; i < clients; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      socket.setSoTimeout(5000);
      sockets.add(socket);
      Thread reader = new Thread(() -> read(socket), "honest-" + i);
      reader.setDaemon(true);
      threads.add(reader);
      reader.start();
    }
  }

  /** Labels arriving from now on are filed under {@code phase}. */
  void phase(int phase) {
    this.phase = phase;
  }

  private void read(Socket socket) {
    try (InputStream in = socket.getInputStream()) {
      StringBuilder line = new StringBuilder();
      LocalTime previous = null;
      for (int b; (b = in.read()) != -1; ) {
        if (b != '\n') {
          line.append((char) b);
          continue;
        }
        Instant arrived = Instant.now();
        LocalTime label = LocalTime.parse(line);
        line.setLength(0);
        long arrivedOfDay = (arrived.getEpochSecond() % 86_400) * 1_000_000 + arrived.getNano() / 1000;
        long error = Math.floorMod(arrivedOfDay - label.toSecondOfDay() * 1_000_000L, 86_400_000_000L);
        if (previous != null) { // the first line is written on connect, not on a tick
          if (!label.equals(previous.plusSeconds(1))) {
            gaps.add(previous + " -> " + label);
          }
          errorsByPhase.get(phase).add(error);
        }
        previous = label;
      }
    } catch (IOException e) {
      // closed by the test
    }
  }

  /** Label errors of {@code phase}, in microseconds, sorted. */
  long[] errors(int phase) {
    List<Long> list = errorsByPhase.get(phase);
    synchronized (list) {
      return list.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
  }

  static String summary(long[] sorted) {
    return String.format("%d labels, p50 %d us, p99 %d us, max %d us", sorted.length, percentile(sorted, 50),
      percentile(sorted, 99), sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
  }

  List<String> gaps() {
    return List.copyOf(gaps);
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    for (Thread thread : threads) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
