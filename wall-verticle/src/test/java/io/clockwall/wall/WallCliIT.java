package io.clockwall.wall;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.clockwall.wall.WallTesting.WAIT;
import static io.clockwall.wall.WallTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wall's fat jar as a process: its command line, its exit codes, its stdout. */
@ExtendWith(VertxExtension.class)
class WallCliIT {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      NewYork localhost:8010                       | clock argument 'NewYork' has no '=' (expected Name=host:port)
      NewYork=localhost:80100                      | port 80100 is outside 1..65535
      A=localhost:8010 A=localhost:8020            | duplicate clock name 'A'
      --sort offset                                | no clocks
      -conf {"clocks":[                            | -conf {"clocks":[: not a JSON object (Unexpected end-of-input
      -conf {"clocks":[{"name":"A","port":1}],"x":1} | unknown config key 'x'
      -conf missing.json A=localhost:1            | -conf missing.json: no such file
      A=localhost:1 extra-positional               | clock argument 'extra-positional' has no '='
      NY=localhost:8010/America/Nowhere            | clock argument 'NY=localhost:8010/America/Nowhere': unknown zone 'America/Nowhere' (an IANA zone id
      --hours 13 A=localhost:1                     | --hours 13: must be 12 or 24
      --work-hours 9-5 A=localhost:1               | config key 'workHours': working hours '9-5' are not HH:MM-HH:MM
      """)
  void badArgumentsOrConfigExit2WithOneLineAndNoStackTrace(String args, String message) throws Exception {
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, args.split(" "))) {
      assertEquals(2, wall.exitCode(), wall.err.text());
      String stderr = wall.err.text();
      assertEquals(1, stderr.lines().count(), stderr);
      assertTrue(stderr.startsWith("clockwall-wall: "), stderr);
      assertTrue(stderr.contains(message), stderr);
      assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
      assertEquals("", wall.out.text());
    }
  }

  @Test
  void plainOutputOnAPipeLogsOnStderrAndSigtermExits0(Vertx vertx) throws Exception {
    TestClockServer tokyo = await(TestClockServer.goLike(vertx, "Asia/Tokyo", 0).start());
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, "Tokyo=127.0.0.1:" + tokyo.port(),
        "Down=127.0.0.1:" + WallVerticleTest.freePort())) {
      int header = wall.out.awaitLine(0, "clocks: Tokyo +09:00 | Down ?"::equals, WAIT);
      wall.out.awaitLine(header, line -> line.matches("Tokyo \\d\\d:\\d\\d:\\d\\d \\| Down down"), WAIT);
      assertEquals(0, wall.signal("TERM"), wall.err.text());
      for (String line : wall.out.lines()) {
        assertTrue(line.startsWith("clocks: ") || line.startsWith("Tokyo ") || line.startsWith("health: Tokyo "),
            "only the table on stdout: " + line);
      }
      assertTrue(wall.err.text().contains("wall started"), "logs go to stderr");
    }
  }

  @Test
  void onATtyTheTableIsDrawnInPlaceAndSigintRestoresTheTerminalAndExits0(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestClockServer utc = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    Path conf = dir.resolve("wall.json");
    Files.writeString(conf, "{\"tty\": \"always\", \"clocks\": [{\"name\": \"UTC\", \"host\": \"127.0.0.1\", "
        + "\"port\": " + utc.port() + "}]}");
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, "-conf", conf.toString())) {
      wall.out.awaitLine(0, line -> line.contains("UTC +00:00"), WAIT);
      // rows redrawn in place: up one line over the row, then the row as a whole line again
      wall.out.awaitText(text -> text.split("\u001b\\[1A\r", -1).length >= 3, WAIT);
      assertEquals(0, wall.signal("INT"), wall.err.text());
      String text = wall.out.text();
      assertTrue(text.startsWith("\u001b[?25l\r\u001b[1mUTC"), text);
      // the last frame ends with the cursor shown and a newline; closing resets attributes and shows the cursor
      assertTrue(text.endsWith("\u001b[K\u001b[?25h\r\n\u001b[0m\u001b[?25h"), "terminal restored at exit: " + text);
      assertFalse(text.contains("\u001b[2J"), "never clears the screen");
    }
  }

  @Test
  void outputJsonPrintsOneObjectPerSecondOnStdoutOnly(Vertx vertx) throws Exception {
    TestClockServer tokyo = await(TestClockServer.goLike(vertx, "Asia/Tokyo", 0).start());
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, "--output", "json", "Tokyo=127.0.0.1:" + tokyo.port(),
        "Down=127.0.0.1:" + WallVerticleTest.freePort())) {
      int first = wall.out.awaitLine(0, line -> line.contains("\"state\":\"live\""), WAIT);
      wall.out.awaitLine(first + 2, line -> true, WAIT);
      assertEquals(0, wall.signal("TERM"), wall.err.text());
      java.util.List<String> lines = wall.out.lines();
      java.time.Instant previous = null;
      int ticksSeen = 0;
      for (String line : lines.subList(first, lines.size())) {
        io.vertx.core.json.JsonObject row = new io.vertx.core.json.JsonObject(line); // each line is one object
        java.time.Instant time = java.time.Instant.parse(row.getString("time"));
        if (previous != null) {
          assertEquals(previous.plusSeconds(1), time, "one object per second: " + lines);
        }
        previous = time;
        io.vertx.core.json.JsonObject t = row.getJsonArray("clocks").getJsonObject(0);
        assertEquals("Tokyo", t.getString("name"));
        assertEquals("live", t.getString("state"), line);
        assertEquals("+09:00", t.getString("offset"));
        java.time.LocalTime tokyoTime = time.atZone(java.time.ZoneId.of("Asia/Tokyo")).toLocalTime();
        assertTrue(java.util.List.of(TestClockServer.HH_MM_SS.format(tokyoTime),
                TestClockServer.HH_MM_SS.format(tokyoTime.minusSeconds(1)))
            .contains(t.getString("label")), "the label of the row's second: " + line);
        // The label sent on connect is not a tick: no lateness until the first tick's label.
        Long late = t.getLong("lateMs");
        if (late != null) {
          assertTrue(late >= 0 && late < 1000, line);
          assertTrue(t.getLong("lateP99Ms") >= late, line);
          ticksSeen++;
        }
        io.vertx.core.json.JsonObject d = row.getJsonArray("clocks").getJsonObject(1);
        assertEquals("down", d.getString("state"));
        assertTrue(d.getLong("reconnects") >= 1, line);
      }
      assertTrue(ticksSeen >= 1, "a tick's lateness: " + lines);
      for (String line : lines) {
        assertTrue(line.startsWith("{\"time\":"), "only JSON on stdout: " + line);
      }
      assertTrue(wall.err.text().contains("json output"), wall.err.text());
    }
  }

  @Test
  void aClockThatLiesBy5sWithAKnownZoneIsMarkedInJsonAndPlainRowsAndAnHonestOneIsNot(Vertx vertx) throws Exception {
    java.time.ZoneId tokyo = java.time.ZoneId.of("Asia/Tokyo");
    TestClockServer liar = await(TestClockServer.scripted(vertx, (server, socket) -> server.everySecondAt(2,
        () -> socket.write(java.time.ZonedDateTime.now(tokyo).plusSeconds(5).format(TestClockServer.HH_MM_SS) + "\n")))
        .start());
    TestClockServer honest = await(TestClockServer.goLike(vertx, "Asia/Tokyo", 2).start());
    String[] clocks = {"Liar=127.0.0.1:" + liar.port() + "/Asia/Tokyo", "Honest=127.0.0.1:" + honest.port()
        + "/Asia/Tokyo"};
    int admin = WallVerticleTest.freePort();
    int web = WallVerticleTest.freePort();
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, "--output", "json", "-conf",
        "{\"adminPort\": " + admin + ", \"web\": {\"port\": " + web + "}}", clocks[0], clocks[1])) {
      int at = wall.out.awaitLine(0, line -> line.contains("\"skewSeconds\":5,"), WAIT);
      io.vertx.core.json.JsonObject row = new io.vertx.core.json.JsonObject(wall.out.line(at));
      io.vertx.core.json.JsonObject l = row.getJsonArray("clocks").getJsonObject(0);
      io.vertx.core.json.JsonObject h = row.getJsonArray("clocks").getJsonObject(1);
      assertEquals("Asia/Tokyo", l.getString("zone"));
      assertEquals(5, l.getInteger("skewSeconds"), row.encode());
      assertEquals(null, h.getInteger("skewSeconds"), "the honest clock is on time: " + row.encode());
      java.time.ZonedDateTime there = java.time.Instant.parse(row.getString("time")).atZone(tokyo);
      assertEquals(there.toLocalDate().toString(), h.getString("date"));
      assertEquals("+09:00", h.getString("offset"));
      java.net.Socket viewer = new java.net.Socket("127.0.0.1", web);
      viewer.getOutputStream().write("GET /events HTTP/1.1\r\nHost: wall\r\n\r\n".getBytes());
      viewer.getInputStream().read(); // answered: the page counts it
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + admin + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      viewer.close();
      assertTrue(metrics.contains("clockwall_wall_clock_skew_seconds{clock=\"Liar\"} 5.0"), metrics);
      assertTrue(metrics.contains("clockwall_wall_clock_skew_seconds{clock=\"Honest\"} 0.0"), metrics);
      assertTrue(metrics.contains("clockwall_wall_page_viewers 1.0"), metrics);
      assertTrue(metrics.contains("clockwall_wall_page_viewers_dropped_total 0.0"), metrics);
      assertTrue(!metrics.contains("vertx_http_server_"), "the page's streams are counted by the wall: " + metrics);
      assertEquals(0, wall.signal("TERM"));
    }
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, clocks)) {
      int header = wall.out.awaitLine(0, line -> line.matches("clocks: Liar \\+09:00 \\w{3}( [-+]1)? \\| Honest \\+09:00 .*"),
          WAIT);
      wall.out.awaitLine(header,
          line -> line.matches("Liar \\d\\d:\\d\\d:\\d\\d \\(skew \\+5s\\) \\| Honest \\d\\d:\\d\\d:\\d\\d"), WAIT);
      assertEquals(0, wall.signal("TERM"));
    }
  }

  @Test
  void helpExits0() throws Exception {
    try (JarProcess wall = JarProcess.start(JarProcess.WALL_JAR, "--help")) {
      assertEquals(0, wall.exitCode());
      assertTrue(wall.out.text().startsWith(WallMain.USAGE), wall.out.text());
    }
  }
}
