package io.clockwall.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * What one clock tick costs the kernel, with no server framework at all: N loopback TCP connections inside this
 * process, and one 9-byte line written to each of them per round, from T threads at once, exactly what a clock's
 * fan-out asks of the kernel. It prints the wall time of each round and the writer threads' CPU per write. With
 * {@code reader} a thread holds the other ends in a selector and reads every line, as a load client does;
 * without it the lines just queue in the receiving sockets (nothing is woken).
 *
 * <p>Usage: {@code java -cp clockwall-bench.jar io.clockwall.bench.KernelFloor [N] [T] [reader|none] [ROUNDS]}
 * (defaults 1000 1 none 10). Loopback only; N is at most 9,900 (two descriptors a connection).
 */
public final class KernelFloor {

  private static final byte[] LINE = "12:00:00\n".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    boolean reader = args.length > 2 && args[2].equals("reader");
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    if (n < 1 || n > 9_900 || threads < 1 || threads > 8 || rounds < 1 || rounds > 100) {
      System.err.println("usage: KernelFloor [N 1..9900] [THREADS 1..8] [reader|none] [ROUNDS 1..100]");
      System.exit(2);
    }
    List<SocketChannel> servers = new ArrayList<>(n);
    List<SocketChannel> clients = new ArrayList<>(n);
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), n);
      for (int i = 0; i < n; i++) {
        clients.add(SocketChannel.open(listener.getLocalAddress()));
        SocketChannel accepted = listener.accept();
        accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
        servers.add(accepted);
      }
    }
    Thread readerThread = reader ? startReader(clients) : null;
    Thread.sleep(500);

    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    CyclicBarrier done = new CyclicBarrier(threads + 1);
    long[] cpuNanos = new long[threads];
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread w = new Thread(() -> {
        ByteBuffer line = ByteBuffer.allocateDirect(LINE.length).put(LINE).flip();
        try {
          for (int r = 0; r < rounds; r++) {
            start.await();
            long c0 = cpu.getCurrentThreadCpuTime();
            for (int i = first; i < n; i += threads) {
              line.rewind();
              servers.get(i).write(line);
            }
            cpuNanos[first] += cpu.getCurrentThreadCpuTime() - c0;
            done.await();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "writer-" + t);
      w.start();
      writers.add(w);
    }
    double[] ms = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      Thread.sleep(200);
      start.await();
      long t0 = System.nanoTime();
      done.await();
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    for (Thread w : writers) {
      w.join();
    }
    if (readerThread != null) {
      readerThread.interrupt();
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    long totalCpu = Arrays.stream(cpuNanos).sum();
    System.out.printf("kernel floor: %d loopback connections, %d writer thread(s), reader %s, %d rounds%n",
      n, threads, reader ? "blocking in a selector" : "none", rounds);
    System.out.printf("round wall time ms: min %.2f  median %.2f  max %.2f%n",
      sorted[0], sorted[rounds / 2], sorted[rounds - 1]);
    System.out.printf("writer CPU per write us: %.2f  (wall per write at the median: %.2f us)%n",
      totalCpu / 1e3 / ((double) n * rounds), sorted[rounds / 2] * 1e3 / n);
    for (SocketChannel ch : servers) {
      ch.close();
    }
    for (SocketChannel ch : clients) {
      ch.close();
    }
  }

  private static Thread startReader(List<SocketChannel> clients) throws IOException {
    Selector selector = Selector.open();
    for (SocketChannel ch : clients) {
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
    }
    Thread t = new Thread(() -> {
      ByteBuffer buf = ByteBuffer.allocateDirect(4096);
      try (selector) {
        while (!Thread.currentThread().isInterrupted()) {
          selector.select(100);
          for (SelectionKey key : selector.selectedKeys()) {
            buf.clear();
            ((SocketChannel) key.channel()).read(buf);
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        // the connections are closing: the measurement is over
      }
    }, "reader");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private KernelFloor() {
  }
}
