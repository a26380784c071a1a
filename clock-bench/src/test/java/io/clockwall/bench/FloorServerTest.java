package io.clockwall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native floor server of {@code --compare floor}: compiled with the machine's cc, serving clock2's lines. */
class FloorServerTest {

  @Test
  void compareTakesAnyOfNaiveFloorAndClockInItsOrder() throws Exception {
    Path jar = Files.createTempFile("fake", ".jar");
    BenchConfig config = BenchConfig.parse(new String[] {"--spawn", jar.toString(), "--compare", "floor,clock"});
    assertEquals(List.of("floor", "clock"), config.targets().stream().map(BenchConfig.Target::name).toList());
    BenchConfig old = BenchConfig.parse(new String[] {"--spawn", jar.toString(), "--compare"});
    assertEquals(List.of("naive", "clock"), old.targets().stream().map(BenchConfig.Target::name).toList());
    BenchConfig three = BenchConfig.parse(new String[] {"--spawn", jar.toString(), "--compare", "naive,floor,clock"});
    assertEquals(List.of("naive", "floor", "clock"), three.targets().stream().map(BenchConfig.Target::name).toList());
    Files.delete(jar);
  }

  @Test
  void theFloorServesAClock2LineOnConnectAndEverySecond(@TempDir Path dir) throws Exception {
    assumeTrue(FloorServer.compiler() != null, "no C compiler on this machine: the benchmark skips the floor too");
    Path binary = FloorServer.build(dir);
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process floor = new ProcessBuilder(binary.toString(), Integer.toString(port)).redirectErrorStream(true).start();
    try {
      Socket socket = null;
      for (int i = 0; i < 50 && socket == null; i++) {
        try {
          socket = new Socket("127.0.0.1", port);
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertTrue(socket != null, "the floor server listens");
      Socket client = socket;
      try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
        StandardCharsets.US_ASCII))) {
        client.setSoTimeout(3000);
        LocalTime first = LocalTime.parse(in.readLine());
        LocalTime second = LocalTime.parse(in.readLine());
        assertEquals(first.plusSeconds(1), second);
        long apart = Math.abs(LocalTime.now(ZoneOffset.UTC).toSecondOfDay() - second.toSecondOfDay());
        assertTrue(apart <= 1 || apart >= 86_399, "UTC labels: " + second);
      }
      floor.destroy(); // SIGTERM
      assertEquals(0, floor.waitFor());
    } finally {
      floor.destroyForcibly();
    }
  }
}
