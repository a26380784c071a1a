package io.clockwall.wall;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.clockwall.wall.WallTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wall's jar in a real terminal: a tmux pane (its own tmux server), stdout and stderr both the pane, read back
 * as the screen shows it ({@code capture-pane}), with and without its colors.
 */
@ExtendWith(VertxExtension.class)
class WallTtyIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private final String socket = "clockwall-tty-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  private final List<TestClockServer> clocks = new ArrayList<>();
  private String args;

  @BeforeEach
  void threeZonedClocks(Vertx vertx) throws Exception {
    assertTrue(run("tmux", "-V").startsWith("tmux "), "tmux is missing: apt-get install tmux (.ci/run installs it)");
    StringBuilder a = new StringBuilder();
    for (String[] c : new String[][] {{"NewYork", "America/New_York"}, {"London", "Europe/London"},
        {"Tokyo", "Asia/Tokyo"}}) {
      TestClockServer clock = await(TestClockServer.goLike(vertx, c[1], 5).start());
      clocks.add(clock);
      a.append(' ').append(c[0]).append("=127.0.0.1:").append(clock.port()).append('/').append(c[1]);
    }
    // Tokyo within the working hours, the two others outside them
    int tokyoHour = ZonedDateTime.now(ZoneId.of("Asia/Tokyo")).getHour();
    a.append(String.format(" --work-hours %02d:00-%02d:00", (tokyoHour + 23) % 24, (tokyoHour + 2) % 24));
    args = a.toString();
  }

  @AfterEach
  void stopTmux() throws Exception {
    run("tmux", "-L", socket, "kill-server");
  }

  private void startWall(String env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = JarProcess.WALL_JAR.toAbsolutePath().toString();
    run("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "wall", "-x", "40", "-y", "14",
        "env -u TZ " + env + " " + java + " -Xms16m -Xmx96m -XX:TieredStopAtLevel=1 -jar " + jar + args
            + "; sleep 60");
  }

  @Test
  void rowsFitA40ColumnPaneAreRedrawnAt100AndALogLineGoesAboveTheIntactTable(Vertx vertx) throws Exception {
    startWall("-u NO_COLOR");
    List<String> table = awaitTable(rows -> rows.get(1).matches(
        "\\d\\d:\\d\\d:\\d\\d *\\| \\d\\d:\\d\\d:\\d\\d *\\| \\d\\d:\\d\\d:\\d\\d"));
    for (String line : screen(false)) {
      assertTrue(line.length() <= 40, "within 40 columns: '" + line + "'");
    }
    String header = table.get(0);
    assertTrue(header.matches("NewY? [-+]\\d\\d:\\d\\d +\\| Lond? [-+]\\d\\d:\\d\\d +\\| Toky? \\+09:00.*"),
        "names shortened to fit, never wrapped: " + table);
    String colored = String.join("\n", screen(true));
    assertTrue(colored.contains("\u001b[1m"), "a bold header on a TTY: " + colored);
    assertTrue(colored.contains("\u001b[32m"), "Tokyo, within its working hours, green: " + colored);
    assertFalse(colored.contains("[work]"), "colors on: no marker");

    run("tmux", "-L", socket, "resize-window", "-t", "wall", "-x", "100", "-y", "14");
    table = awaitTable(rows -> rows.get(0).matches(
        "NewYork [-+]\\d\\d:\\d\\d \\w{3}.* \\| London [-+]\\d\\d:\\d\\d \\w{3}.* \\| Tokyo \\+09:00 \\w{3}.*"));
    assertTrue(table.get(1).matches("\\d\\d:\\d\\d:\\d\\d +\\| \\d\\d:\\d\\d:\\d\\d +\\| \\d\\d:\\d\\d:\\d\\d"),
        "redrawn at 100 columns with whole names and days: " + table);

    await(clocks.get(1).stop()); // London dies: its down reason is logged above the table
    table = awaitTable(rows -> rows.get(1).contains("| down"));
    List<String> screen = screen(false);
    int headerAt = screen.indexOf(table.get(0));
    assertTrue(screen.subList(0, headerAt).stream().anyMatch(l -> l.contains("clock London: down")),
        "the log line above the table: " + screen);
    assertEquals(1, screen.stream().filter(l -> l.startsWith("NewYork ")).count(), "one table, not torn: " + screen);
    assertTrue(table.get(1).matches("\\d\\d:\\d\\d:\\d\\d +\\| down +\\| \\d\\d:\\d\\d:\\d\\d"),
        "the table intact beneath it: " + table);
    assertTrue(screen.stream().anyMatch(l -> l.contains("wall started")), "earlier log lines stay above: " + screen);
  }

  @Test
  void noColorMeansNoEscapesOnTheScreenAndWorkingHoursMarked() throws Exception {
    startWall("NO_COLOR=1");
    List<String> table = awaitTable(rows -> rows.get(1).matches(".*\\d\\d:\\d\\d:\\d\\d \\[work\\]"));
    String colored = String.join("\n", screen(true));
    assertFalse(colored.contains("\u001b["), "no color, no attribute at all: " + colored);
    assertTrue(table.get(1).matches("\\d\\d:\\d\\d:\\d\\d +\\| \\d\\d:\\d\\d:\\d\\d +\\| \\d\\d:\\d\\d:\\d\\d \\[work\\]"),
        "only Tokyo within its working hours: " + table);
  }

  /** The last two non-empty lines of the screen once {@code ok} holds for them: header and row. */
  private List<String> awaitTable(Predicate<List<String>> ok) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> table = List.of();
    while (System.nanoTime() < deadline) {
      List<String> lines = screen(false).stream().filter(l -> !l.isBlank()).toList();
      if (lines.size() >= 2) {
        table = lines.subList(lines.size() - 2, lines.size());
        if (ok.test(table)) {
          return table;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the table never showed what was expected; last seen: " + table + "\nscreen:\n"
        + String.join("\n", screen(false)));
  }

  private List<String> screen(boolean escapes) throws Exception {
    String text = escapes ? run("tmux", "-L", socket, "capture-pane", "-p", "-e", "-t", "wall")
        : run("tmux", "-L", socket, "capture-pane", "-p", "-t", "wall");
    return text.lines().map(l -> l.replaceAll("\\s+$", "")).toList();
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }
}
