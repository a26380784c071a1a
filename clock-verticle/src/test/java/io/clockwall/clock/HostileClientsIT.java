package io.clockwall.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stranger can do to the clock jar from outside, each case against a real process: connect-and-reset
 * storms, half-closed readers, junk senders, never-readers and slowloris connects. Each asserts what users see: the
 * honest clients' labels and their timing, the clock's log line count, its RSS.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileClientsIT {

  private static final Pattern CLOCK_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\n");
  private static final Pattern RESET_REPORT = Pattern.compile(".* WARN  ClockStats - \\d+ connection\\(s\\) closed or"
    + " reset by the client before their first line since the last report \\(\\d+ in total\\)");

  @Test
  void aConnectResetStormIsCountedInAFewLinesAndDoesNotDelayHonestClients() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start(ClockProcess.IMAGE_FLAGS, java.util.Map.of(),
      "-conf", "{\"port\":" + port + ", \"zone\": \"UTC\"}")) {
      clock.awaitListening();
      try (HonestReaders honest = new HonestReaders(port, 20, 3)) {
        Thread.sleep(3_000); // phase 0: the JVMs warm up
        honest.phase(1);
        Thread.sleep(6_000);
        long rssBefore = rssKiB(clock.process().pid());
        honest.phase(2);
        long started = System.nanoTime();
        String resets = ResetStorm.run(port, 20_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        long rssAfter = rssKiB(clock.process().pid());
        // the storm's phase lasts 3.2 s at least (3 ticks for every honest client), however fast this machine
        // throws the resets (1.05 s once, on a freshly booted one)
        Thread.sleep(Math.max(1_200, 3_200 - (System.nanoTime() - started) / 1_000_000));
        long[] calm = honest.errors(1);
        long[] storm = honest.errors(2);
        List<String> lines = clock.stderrLines();
        System.out.printf("connect-reset storm: %s (%.1f s with the attacker's start); honest clients without the storm: %s; during: %s;"
            + " RSS %d -> %d KiB (%+d); clock log lines %d: %s%n", resets, seconds, HonestReaders.summary(calm),
          HonestReaders.summary(storm), rssBefore, rssAfter, rssAfter - rssBefore, lines.size(), lines);
        assertEquals(List.of(), honest.gaps(), "every honest client got every second");
        assertTrue(storm.length >= 20 * 3, "labels during the storm: " + storm.length);
        long calmP99 = HonestReaders.percentile(calm, 99);
        long stormP99 = HonestReaders.percentile(storm, 99);
        System.out.printf("connect-reset storm: honest label error p99 during / without = %.2f%n",
          (double) stormP99 / calmP99);
        // A tick may run a few ms late while an attacker on the same 2 cores opens 7,000 connections a second; not a
        // tenth of a second late, as it did in a third of runs while the acceptor ran ahead of the event loop (see
        // the runtime's AcceptPacer). Paced, the worst of 20 runs here was 66 ms.
        assertTrue(stormP99 <= Math.max(2 * calmP99, calmP99 + 100_000),
          "honest p99 " + calmP99 + " us without the storm, " + stormP99 + " during");
        long reports = lines.stream().filter(l -> RESET_REPORT.matcher(l).matches()).count();
        assertEquals(lines.size() - 1, reports, "only the startup line and reset summaries: " + lines);
        assertTrue(reports >= 1 && reports <= 1 + seconds / 10 + 1, "one summary per 10 s at most: " + lines);
        assertTrue(rssAfter - rssBefore < 16 * 1024, "RSS grew by " + (rssAfter - rssBefore) + " KiB");
      }
    }
  }

  @Test
  void aHalfClosedClientKeepsGettingTheTimeAsFromClock2() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + "}")) {
      clock.awaitListening();
      // The real nc, told to shut down its sending side at the end of its (empty) input.
      Process nc = new ProcessBuilder("nc", "-N", "127.0.0.1", String.valueOf(port))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      try {
        String text = new String(ClockProcessIT.readLines(nc.getInputStream(), 3), StandardCharsets.US_ASCII);
        assertTrue(Pattern.matches("(\\d\\d:\\d\\d:\\d\\d\\n){3}", text), "nc -N printed " + text);
      } finally {
        nc.destroy();
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput();
        String text = new String(ClockProcessIT.readLines(socket.getInputStream(), 3), StandardCharsets.US_ASCII);
        assertTrue(Pattern.matches("(\\d\\d:\\d\\d:\\d\\d\\n){3}", text), "after shutdownOutput: " + text);
      }
      assertEquals(1, clock.stderrLines().size(), clock.stderr());
    }
  }

  @Test
  void aJunkSenderIsReadAndIgnoredWhileOthersTick() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + ", \"zone\": \"UTC\"}");
         Socket junk = new Socket()) {
      clock.awaitListening();
      try (HonestReaders honest = new HonestReaders(port, 5, 1)) {
        junk.connect(new InetSocketAddress("127.0.0.1", port));
        byte[] block = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(block);
        OutputStream out = junk.getOutputStream();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        long sent = 0;
        while (System.nanoTime() < until) {
          out.write(block);
          sent += block.length;
        }
        Thread.sleep(1_100);
        long[] errors = honest.errors(0);
        System.out.printf("junk sender: %d MiB sent in 4 s; honest clients: %s%n", sent >> 20,
          HonestReaders.summary(errors));
        assertTrue(sent > 16L << 20, "the clock kept reading: only " + sent + " bytes taken");
        assertEquals(List.of(), honest.gaps());
        assertTrue(errors.length >= 5 * 4, "labels: " + errors.length);
        junk.setSoTimeout(3000);
        assertTrue(CLOCK_LINE.matcher(new String(ClockProcessIT.readLines(junk.getInputStream(), 1), StandardCharsets.US_ASCII))
          .matches(), "the junk sender is served like anyone else");
      }
      assertEquals(1, clock.stderrLines().size(), clock.stderr());
    }
  }

  @Test
  void neverReadersAreClosedWhileOthersTick() throws Exception {
    int port = ClockProcess.freePort();
    // 1 MB lines fill a never-reader's socket buffers (up to 4 MB here) in a few ticks; 9-byte ones would take days.
    String conf = "{\"port\":" + port + ", \"format\": \"HH:mm:ss'" + "x".repeat(1_000_000) + "'\","
      + " \"writeQueueBytes\": 65536, \"maxSkippedTicks\": 2}";
    Path file = Files.createTempFile("never-readers", ".json");
    Files.writeString(file, conf);
    List<Socket> sleepers = new ArrayList<>();
    try (ClockProcess clock = ClockProcess.start("-conf", file.toString())) {
      clock.awaitListening();
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        sleepers.add(s);
      }
      try (Socket reader = new Socket("127.0.0.1", port)) {
        reader.setSoTimeout(5000);
        InputStream in = new java.io.BufferedInputStream(reader.getInputStream(), 1 << 16);
        // Each never-reader takes about 4 MB (the kernel's buffers), then skips 2 ticks: closed within ~10 s.
        int lines = 0;
        while (lines < 12) {
          byte[] line = ClockProcessIT.readLines(in, 1);
          assertEquals(8 + 1_000_000 + 1, line.length, "a whole line");
          lines++;
        }
        int closed = 0;
        for (Socket s : sleepers) {
          closed += isClosedByServer(s) ? 1 : 0;
        }
        System.out.printf("never-readers: %d of %d closed by the clock while an honest client read %d lines%n",
          closed, sleepers.size(), lines);
        assertEquals(sleepers.size(), closed, "every never-reader is closed");
        assertTrue(lines >= 3, "the honest client kept reading: " + lines);
      }
      assertEquals(1, clock.stderrLines().size(), "closing slow clients is not worth a line: " + clock.stderr());
    } finally {
      for (Socket s : sleepers) {
        s.close();
      }
      Files.deleteIfExists(file);
    }
  }

  @Test
  void slowlorisConnectsHitTheLimitInOneLineAndFreeTheirSlots() throws Exception {
    int port = ClockProcess.freePort();
    List<Socket> held = new ArrayList<>();
    try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + ", \"maxConnections\": 20}")) {
      clock.awaitListening();
      for (int i = 0; i < 20; i++) {
        held.add(new Socket("127.0.0.1", port)); // connect, never read, never send
      }
      Thread.sleep(300);
      for (int i = 0; i < 2_000; i++) {
        try (Socket extra = new Socket("127.0.0.1", port)) {
          extra.setSoTimeout(3000);
          assertEquals(-1, extra.getInputStream().read(), "over the limit: closed at once, without a line");
        }
      }
      for (Socket s : held) {
        s.close();
      }
      held.clear();
      // A client's FIN alone is a half-close (it may still read): its slot is free at the write after it, as with
      // clock2, which learns a client has gone when a write fails.
      Thread.sleep(1_500);
      try (Socket again = new Socket("127.0.0.1", port)) {
        again.setSoTimeout(3000);
        assertTrue(CLOCK_LINE.matcher(new String(ClockProcessIT.readLines(again.getInputStream(), 1), StandardCharsets.US_ASCII))
          .matches(), "slots are free again");
      }
      List<String> lines = clock.stderrLines();
      assertEquals(2, lines.size(), "startup and one refusal line: " + lines);
      assertTrue(lines.get(1).contains("maxConnections=20 reached: refused 1 connection(s)"), lines.get(1));
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** Drains what the server had sent before it closed: EOF or a reset within 2 s means closed. */
  private static boolean isClosedByServer(Socket s) throws IOException {
    s.setSoTimeout(2000);
    try {
      InputStream in = s.getInputStream();
      byte[] drain = new byte[1 << 16];
      while (true) {
        int n = in.read(drain);
        if (n == -1) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }
}
