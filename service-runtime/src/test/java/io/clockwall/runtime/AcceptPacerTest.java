package io.clockwall.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server on the launcher's epoll transport, its one event loop held busy while 600 clients connect: the
 * acceptor stops {@link PacedTransport#WAITING_LIMIT} connections ahead of the loop, the rest wait in the kernel's
 * accept queue (as {@code ss} shows it), and once the loop is free every one of them is taken in. The runtime does
 * not carry io_uring; the same test on the clock's class path with io_uring left 560 of 600 in the kernel (its
 * accepts already submitted add a few). Once they are in, the pacer holds nothing of theirs (its per-connection
 * object stayed on each close future for the connection's life before, 600 of them in this JVM's heap).
 */
class AcceptPacerTest {

  private static final int CLIENTS = 600;

  @Test
  void whileTheEventLoopIsBusyConnectionsWaitInTheKernelAndAllAreTakenInAfterwards() throws Exception {
    Transports.Choice choice = Transports.choose(List.of("epoll"), true, Map.of());
    Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setEventLoopPoolSize(1).setMaxEventLoopExecuteTime(10).setMaxEventLoopExecuteTimeUnit(
        TimeUnit.SECONDS))
      .withTransport(choice.transport()).build();
    List<Socket> clients = new ArrayList<>();
    try {
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger connected = new AtomicInteger();
      NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
        .connectHandler(socket -> {
          if (connected.incrementAndGet() == 1) {
            busy.countDown();
            await(release); // the loop is busy, as under a burst of work
          }
        });
      int port = server.listen().await().actualPort();
      assertEquals("epoll", Transports.describe(vertx), "a paced transport is described by the one it wraps");
      clients.add(connect(port));
      assertTrue(busy.await(5, TimeUnit.SECONDS), "the first connection reached the loop");
      for (int i = 1; i < CLIENTS; i++) {
        clients.add(connect(port));
      }
      Thread.sleep(300); // the acceptor runs ahead as far as it will
      int queued = acceptQueue(port);
      release.countDown();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (connected.get() < CLIENTS && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      System.out.printf("accept pacing: %d of %d connections in the kernel's accept queue while the loop was busy;"
        + " %d taken in after%n", queued, CLIENTS, connected.get());
      assertTrue(queued >= CLIENTS - 1 - PacedTransport.WAITING_LIMIT - 4,
        "the acceptor stopped near the limit: only " + queued + " left in the kernel's queue");
      assertEquals(CLIENTS, connected.get(), "the acceptor resumed and took every connection in");
      assertEquals(0, acceptQueue(port));
      assertEquals(0, liveInstances(AcceptPacer.class.getName() + "$Arrival"),
        "the pacer's per-connection objects still held by the 600 open connections (heap histogram)");
    } finally {
      for (Socket socket : clients) {
        socket.close();
      }
      vertx.close().await();
    }
  }

  private static Socket connect(int port) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return socket;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Live objects of {@code className} in this JVM's heap, as {@code jcmd PID GC.class_histogram} counts them. */
  private static long liveInstances(String className) throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
      new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
      new Object[] {new String[0]}, new String[] {String[].class.getName()});
    return histogram.lines().map(String::strip).map(line -> line.split("\\s+"))
      .filter(columns -> columns.length >= 4 && columns[3].equals(className))
      .mapToLong(columns -> Long.parseLong(columns[1])).sum();
  }

  /** Connections the kernel has completed and the server has not accepted yet: {@code ss}'s Recv-Q for a listener. */
  private static int acceptQueue(int port) throws Exception {
    Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, ss.waitFor(), out);
    return Integer.parseInt(out.split("\\s+")[1]);
  }
}
