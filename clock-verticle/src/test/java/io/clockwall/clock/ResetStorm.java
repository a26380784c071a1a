package io.clockwall.clock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The attacker of the reset-storm test, as a process of its own at the lowest CPU priority ({@code nice 19}), so
 * that on a 2-core machine it competes with the clock for the kernel's network path, not with the test's honest
 * clients for a CPU: {@code connect}, then close with {@code SO_LINGER} 0 (an RST), as fast as it can.
 */
final class ResetStorm {

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      try (Socket s = new Socket()) {
        s.setSoLinger(true, 0);
        s.connect(new InetSocketAddress("127.0.0.1", port));
      }
    }
    System.out.printf("%d connect-resets in %.2f s%n", count, (System.nanoTime() - started) / 1e9);
  }

  /** Runs the attacker against {@code port}; returns its one-line summary. */
  static String run(int port, int count) throws Exception {
    Process p = new ProcessBuilder(List.of("nice", "-n", "19", ClockProcess.javaBin(), "-XX:TieredStopAtLevel=1",
      "-cp", System.getProperty("java.class.path"), ResetStorm.class.getName(), String.valueOf(port),
      String.valueOf(count))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new AssertionError("the attacker failed: " + out);
    }
    return out;
  }
}
