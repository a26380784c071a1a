package io.clockwall.wall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.clockwall.wall.WallTesting.WAIT;
import static io.clockwall.wall.WallTesting.liveCells;
import static io.clockwall.wall.WallTesting.secondOfDay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The "done when": three clock processes and the wall process, as a user runs them. Kill a clock: marked
 * down within 2 s; start it again: live within 5 s. Needs the clock's fat jar (a full {@code mvn verify} of the repo
 * packages the clock module first).
 */
class ClockWallIT {

  private final List<JarProcess> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    processes.forEach(JarProcess::close);
  }

  /** Starts a clock process; with port 0 it binds an ephemeral port, read back from its startup log line. */
  private int clock(String zone, int port) throws Exception {
    JarProcess p = JarProcess.start(JarProcess.CLOCK_JAR, "-conf",
        "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"zone\":\"" + zone + "\"}");
    processes.add(p);
    int line = p.err.awaitLine(0, l -> LISTENING.matcher(l).find(), WAIT);
    Matcher m = LISTENING.matcher(p.err.line(line));
    assertTrue(m.find());
    return Integer.parseInt(m.group(1));
  }

  /** The clock's startup log line: {@code clock listening on 127.0.0.1:8030 zone=Asia/Tokyo ...}. */
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void threeClockProcessesAndTheWallProcess() throws Exception {
    assumeTrue(Files.isRegularFile(JarProcess.CLOCK_JAR), "the clock fat jar " + JarProcess.CLOCK_JAR.toAbsolutePath()
        + " is missing: run the whole build (mvn verify at the top level) to include this test");
    String[] zones = {"America/New_York", "Europe/London", "Asia/Tokyo"};
    String[] names = {"NewYork", "London", "Tokyo"};
    int[] ports = new int[3];
    List<String> args = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports[i] = clock(zones[i], 0);
      args.add(names[i] + "=127.0.0.1:" + ports[i]);
    }
    JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, args.toArray(String[]::new));
    processes.add(wall);

    StringBuilder header = new StringBuilder("clocks: ");
    for (int i = 0; i < 3; i++) {
      int seconds = ZoneId.of(zones[i]).getRules().getOffset(Instant.now()).getTotalSeconds();
      header.append(i > 0 ? " | " : "").append(names[i]).append(' ').append(Offsets.format(seconds / 60));
    }
    int headerAt = wall.out.awaitLine(0, header.toString()::equals, WAIT);
    int firstLive = wall.out.awaitLine(headerAt, line -> liveCells(line).size() == 3, WAIT);
    // the first row may pair a clock's on-connect line (formatted just before a boundary) with the others' new second
    int row = wall.out.awaitLine(firstLive + 1, line -> liveCells(line).size() == 3, WAIT);
    List<String[]> cells = liveCells(wall.out.line(row));
    for (int i = 0; i < 3; i++) {
      assertEquals(names[i], cells.get(i)[0]);
      int expected = Math.floorMod(secondOfDay(cells.get(0)[1])
          + ZoneId.of(zones[i]).getRules().getOffset(Instant.now()).getTotalSeconds()
          - ZoneId.of(zones[0]).getRules().getOffset(Instant.now()).getTotalSeconds(), 86400);
      assertEquals(expected, secondOfDay(cells.get(i)[1]), wall.out.line(row));
    }

    JarProcess london = processes.get(1);
    london.signal("KILL");
    long killed = System.nanoTime();
    int down = wall.out.awaitLine(row, line -> line.contains(" | London down | "), WAIT);
    long downMs = (System.nanoTime() - killed) / 1_000_000;
    assertTrue(downMs <= 2_000, "marked down within 2 s of the kill, took " + downMs + " ms");

    long restarted = System.nanoTime();
    assertEquals(ports[1], clock(zones[1], ports[1]));
    wall.out.awaitLine(down, line -> liveCells(line).size() == 3, WAIT);
    long backMs = (System.nanoTime() - restarted) / 1_000_000;
    assertTrue(backMs <= 5_000, "live again within 5 s of the restart (JVM start included), took " + backMs + " ms");
    System.out.printf("ClockWallIT: down after %d ms, live again %d ms after the restart%n", downMs, backMs);

    assertEquals(0, wall.signal("TERM"), wall.err.text());
  }
}
