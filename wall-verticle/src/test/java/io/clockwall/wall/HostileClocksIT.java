package io.clockwall.wall;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clocks that lie and attack, against the wall's jar as a process with its rows on a pipe: escape sequences, C1
 * controls, overlong lines, binary, forged cells and separators, odd framing, silence, resets, a flood. Each case
 * asserts what a user sees: the bytes on stdout, the cells of the row, the log lines; the flood, the wall's CPU and
 * RSS with the image's JVM flags.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileClocksIT {

  private static final String HHMMSS = "\\d\\d:\\d\\d:\\d\\d";
  /** A plain row's cell for a clock: its name, then a label (see {@code Labels}) or a state. */
  private static final Pattern CELL = Pattern.compile(
      "[A-Za-z0-9_.+-]{1,32} (connecting|down|invalid|flooding|stale|[0-9A-Za-z:.,/+-]([0-9A-Za-z:.,/+ -]{0,30}"
          + "[0-9A-Za-z:.,/+-])?( \\(skew [+-][0-9ms]+\\))?( \\(stale\\))?)");

  /** A plain health line's cell: name, then lateness, its p99, reconnects, or {@code -}. */
  private static final Pattern HEALTH_CELL = Pattern.compile("[A-Za-z0-9_.+-]{1,32} (-|([+-][0-9.]+m?s)?"
      + "( ?p99 [+-][0-9.]+m?s)?( ?[0-9]+ reconnects?)?)");

  @Test
  void noHostileClockReachesTheTerminalOrAnotherColumn() throws Exception {
    Random random = new Random(9);
    byte[] binary = new byte[300];
    random.nextBytes(binary);
    Map<String, HostileClock.Script> scripts = new LinkedHashMap<>();
    scripts.put("Csi", HostileClock.everySecond(t -> "\u001b[2J\u001b[31m" + t + "\n"));
    scripts.put("Osc", HostileClock.everySecond(t -> "\u001b]0;pwned\u0007" + t + "\n"));
    scripts.put("Dcs", HostileClock.everySecond(t -> "\u001bP1$r0m\u001b\\" + t + "\n"));
    scripts.put("C1", HostileClock.everySecond(t -> "\u00c2\u009b2J" + t + "\n")); // CSI as C1, in UTF-8
    scripts.put("Forged", HostileClock.everySecond(t -> t + " | Tokyo 99:99:99 | UTC down\n"));
    scripts.put("Tab", HostileClock.everySecond(t -> t + "\t\n"));
    scripts.put("Quote", HostileClock.everySecond(t -> "\"" + t + "\"\n"));
    scripts.put("Long", HostileClock.everySecond(t -> t + "x".repeat(10_000)));
    scripts.put("Binary", (socket, out) -> {
      while (true) {
        out.write(binary);
        out.write('\n');
        Thread.sleep(1000);
      }
    });
    scripts.put("Crlf", HostileClock.everySecond(t -> t + "\r\n"));
    scripts.put("Dribble", (socket, out) -> {
      while (true) {
        for (byte b : (HostileClock.now() + "\n").getBytes(StandardCharsets.US_ASCII)) {
          out.write(b);
          out.flush();
          Thread.sleep(40);
        }
        Thread.sleep(1000 - System.currentTimeMillis() % 1000);
      }
    });
    scripts.put("Kitchen", HostileClock.everySecond(t -> LocalTime.parse(t).format(
        java.time.format.DateTimeFormatter.ofPattern("h:mm:ssa", java.util.Locale.ROOT)) + "\n"));
    scripts.put("Silent", (socket, out) -> Thread.sleep(60_000));
    scripts.put("Resets", (socket, out) -> {
      for (int i = 0; i < 2; i++) {
        HostileClock.write(out, HostileClock.now() + "\n");
        Thread.sleep(1000);
      }
      socket.setSoLinger(true, 0);
    });
    scripts.put("Skewed", HostileClock.everySecond(t -> LocalTime.parse(t).minusMinutes(5)
        .format(TestClockServer.HH_MM_SS) + "\n"));
    List<HostileClock> clocks = new ArrayList<>();
    List<String> args = new ArrayList<>();
    try {
      HostileClock honest = new HostileClock(HostileClock.honest());
      clocks.add(honest);
      args.add("Honest=" + honest.address());
      for (var script : scripts.entrySet()) {
        HostileClock clock = new HostileClock(script.getValue());
        clocks.add(clock);
        args.add(script.getKey() + "=" + clock.address());
      }
      try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, args.toArray(String[]::new))) {
        // Wait for a row where every clock has had time to show what it is, then a few more.
        Thread.sleep(7_000);
        assertEquals(0, wall.signal("TERM"), wall.err.text());
        String stdout = wall.out.text();
        String stderr = wall.err.text();
        for (char c : stdout.toCharArray()) {
          assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "stdout has byte 0x" + Integer.toHexString(c));
        }
        assertFalse(stdout.contains("Tokyo") || stdout.contains("pwned") || stdout.contains("99:99"), stdout);
        List<String> rows = stdout.lines().filter(l -> !l.startsWith("clocks: ") && !l.startsWith("health: "))
            .toList();
        List<String> healthLines = stdout.lines().filter(l -> l.startsWith("health: ")).toList();
        assertFalse(healthLines.isEmpty(), stdout);
        for (String line : healthLines) {
          String[] cells = line.substring("health: ".length()).split(" \\| ", -1);
          assertEquals(args.size(), cells.length, "one health cell per clock: " + line);
          for (String cell : cells) {
            assertTrue(HEALTH_CELL.matcher(cell).matches(), "health cell '" + cell + "' in " + line);
          }
        }
        assertTrue(rows.size() >= 5, stdout);
        for (String row : rows) {
          String[] cells = row.split(" \\| ", -1);
          assertEquals(args.size(), cells.length, "one cell per clock: " + row);
          for (String cell : cells) {
            assertTrue(CELL.matcher(cell).matches(), "cell '" + cell + "' in " + row);
          }
        }
        Map<String, String> last = cells(rows.get(rows.size() - 1));
        System.out.println("hostile clocks, last row: " + rows.get(rows.size() - 1));
        System.out.println("hostile clocks, wall log:\n" + stderr);
        assertTrue(last.get("Honest").matches(HHMMSS), last.toString());
        for (String name : List.of("Csi", "Osc", "Dcs", "C1", "Forged", "Tab", "Quote", "Long", "Binary")) {
          assertEquals("invalid", last.get(name), name + " in " + last);
        }
        assertTrue(last.get("Crlf").matches(HHMMSS), "CRLF is fine: " + last);
        assertTrue(last.get("Dribble").matches(HHMMSS), "one byte at a time is fine: " + last);
        assertTrue(last.get("Kitchen").matches("\\d{1,2}:\\d\\d:\\d\\d[AP]M"), "a 12-hour layout is a label: " + last);
        assertTrue(last.get("Silent").matches("connecting|stale"), "a connection that says nothing: " + last);
        assertTrue(last.get("Skewed").matches(HHMMSS + " \\(skew -5m00s\\)"), "5 minutes off: " + last);
        assertTrue(rows.stream().map(r -> cells(r).get("Resets")).anyMatch("down"::equals), "reset: " + rows);
        // The reasons, once per change: each reset of Resets is one 'down' line after it was live again.
        long resetLines = stderr.lines().filter(l -> l.contains("clock Resets: down: connection reset by the server"))
            .count();
        long liveAgain = stderr.lines().filter(l -> l.contains("clock Resets: live again")).count();
        assertTrue(resetLines >= 1 && resetLines <= liveAgain + 1, stderr);
        assertTrue(stderr.lines().count() < 40, "the wall's log stays short: " + stderr);
        assertFalse(stderr.contains("Exception") || stderr.contains("Discarding message"), stderr);
      }
    } finally {
      for (HostileClock clock : clocks) {
        clock.close();
      }
    }
  }

  @Test
  void aRefusedClockIsDownWithItsReasonLoggedOnce() throws Exception {
    int port = WallVerticleTest.freePort();
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, "Gone=127.0.0.1:" + port,
        "Nowhere=nonexistent.invalid:8010")) {
      wall.out.awaitLine(0, "Gone down | Nowhere down"::equals, WallTesting.WAIT);
      Thread.sleep(4_000); // several retries with the default backoff
      assertEquals(0, wall.signal("TERM"));
      List<String> lines = wall.err.lines();
      assertEquals(1, lines.stream().filter(l -> l.endsWith("clock Gone: down: connection refused (127.0.0.1:" + port
          + ")")).count(), wall.err.text());
      assertEquals(1, lines.stream().filter(l -> l.endsWith("clock Nowhere: down: host name does not resolve"
          + " (nonexistent.invalid:8010)")).count(), wall.err.text());
    }
  }

  @Test
  void aFloodingClockCostsTheWallLittleAndTheOthersStayOnTime() throws Exception {
    byte[] flood = (HostileClock.now() + "\n").repeat(8192).getBytes(StandardCharsets.US_ASCII);
    long floodFrom = System.currentTimeMillis() + 6_000;
    try (HostileClock a = new HostileClock(HostileClock.honest());
         HostileClock b = new HostileClock(HostileClock.honest());
         HostileClock flooder = new HostileClock((socket, out) -> {
           HostileClock.write(out, HostileClock.now() + "\n");
           Thread.sleep(Math.max(0, floodFrom - System.currentTimeMillis()));
           while (true) {
             out.write(flood);
           }
         });
         JarProcess wall = JarProcess.start(JarProcess.IMAGE_FLAGS, JarProcess.WALL_JAR, "A=" + a.address(),
             "B=" + b.address(), "Flood=" + flooder.address())) {
      Thread.sleep(Math.max(0, floodFrom - System.currentTimeMillis() - 500));
      long pid = wall.process.pid();
      long idleRss = rssKiB(pid);
      Thread.sleep(1_500); // the flood starts; the wall cuts it off and backs off
      long cpuBefore = cpuTicks(pid);
      long measuredFrom = System.nanoTime();
      Thread.sleep(15_000);
      double cpu = (cpuTicks(pid) - cpuBefore) / 100.0 / ((System.nanoTime() - measuredFrom) / 1e9);
      long rss = rssKiB(pid);
      int rowsBefore = wall.out.lineCount();
      Thread.sleep(2_100);
      List<String> rows = wall.out.lines().subList(rowsBefore, wall.out.lineCount()).stream()
          .filter(WallTesting::isDataRow).toList();
      assertEquals(0, wall.signal("TERM"), wall.err.text());
      System.out.printf("flooding clock: wall CPU %.1f%% of a core over 15 s, RSS %d KiB idle -> %d KiB (%+d KiB),"
          + " %d connection(s) taken from the flooder; rows: %s%n", cpu * 100, idleRss, rss, rss - idleRss,
          flooder.connections(), rows);
      assertTrue(cpu < 0.05, "wall CPU " + cpu);
      assertTrue(rss - idleRss < 16 * 1024, "RSS grew by " + (rss - idleRss) + " KiB");
      assertTrue(rows.size() >= 2, rows.toString());
      for (String row : rows) {
        Map<String, String> cells = cells(row);
        assertEquals("flooding", cells.get("Flood"), row);
        for (String honest : List.of("A", "B")) {
          long apart = Math.abs(LocalTime.parse(cells.get(honest)).toSecondOfDay()
              - LocalTime.now(ZoneOffset.UTC).toSecondOfDay());
          assertTrue(apart <= 2 || apart >= 86_398, honest + " on time: " + row);
        }
      }
      assertEquals(1, wall.err.lines().stream().filter(l -> l.contains("clock Flood: 127.0.0.1:" + flooder.port()
          + " sends more than 3 lines a second")).count(), wall.err.text());
    }
  }

  private static Map<String, String> cells(String row) {
    Map<String, String> cells = new LinkedHashMap<>();
    for (String cell : row.split(" \\| ")) {
      int space = cell.indexOf(' ');
      cells.put(cell.substring(0, space), cell.substring(space + 1));
    }
    return cells;
  }

  static long rssKiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  /** utime + stime of a process, in clock ticks (1/100 s). */
  static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
