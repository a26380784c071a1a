package io.clockwall.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the command line becomes the verticle's config, and the one-line errors (no Vert.x is started). */
class WallMainTest {

  @Test
  void clockArgumentsBecomeTheClocksKeyInOrder() {
    JsonObject config = WallMain.verticleConfig(WallArguments.parse(new String[] {
        "NewYork=localhost:8010", "London=localhost:8020", "--sort", "offset", "Tokyo=localhost:8030"}));
    assertEquals(new JsonObject("""
        {"clocks": [{"name": "NewYork", "host": "localhost", "port": 8010},
                    {"name": "London", "host": "localhost", "port": 8020},
                    {"name": "Tokyo", "host": "localhost", "port": 8030}],
         "sort": "offset"}"""), config);
  }

  @Test
  void argumentsAreLaidOverAConfFileWhichTheVerticleFollows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("wall.json");
    Files.writeString(file, """
        {"clocks": [{"name": "A", "port": 1}, {"name": "B", "port": 2}], "sort": "name", "tty": "never"}""");
    JsonObject config = WallMain.verticleConfig(WallArguments.parse(new String[] {
        "-conf", file.toString(), "C=localhost:3"}));
    assertEquals(new JsonObject()
        .put("clocks", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("name", "C").put("host", "localhost").put("port", 3)))
        .put("configFile", file.toAbsolutePath().toString()), config);

    JsonObject fileOnly = WallMain.verticleConfig(WallArguments.parse(new String[] {"--conf=" + file}));
    assertEquals(new JsonObject().put("configFile", file.toAbsolutePath().toString()), fileOnly);
  }

  @Test
  void aJsonConfStringIsMergedAndPassedWhole() {
    JsonObject config = WallMain.verticleConfig(WallArguments.parse(new String[] {
        "-conf", "{\"tty\":\"always\",\"clocks\":[{\"name\":\"A\",\"port\":1}]}", "--sort=name"}));
    assertEquals(new JsonObject("""
        {"tty": "always", "clocks": [{"name": "A", "port": 1}], "sort": "name"}"""), config);
  }

  @Test
  void launcherOptionsPassThrough() {
    WallArguments a = WallArguments.parse(new String[] {
        "-options", "{\"eventLoopPoolSize\":2}", "A=h:1", "-cluster", "-instances=1"});
    assertEquals(List.of("-options", "{\"eventLoopPoolSize\":2}", "-cluster", "-instances", "1"), a.launcherArgs());
  }

  @Test
  void theLaunchersMainVerticleArgumentPassesThroughAsMvnVertxRunGivesIt() {
    WallArguments a = WallArguments.parse(new String[] {"io.clockwall.wall.WallVerticle", "-conf", "{}", "A=h:1"});
    assertEquals(List.of("io.clockwall.wall.WallVerticle"), a.launcherArgs());
    assertEquals(1, a.clocks().size());

    ConfigException e = assertThrows(ConfigException.class, () -> WallArguments.parse(new String[] {"NewYork"}));
    assertTrue(e.getMessage().contains("'NewYork' has no '='"), e.getMessage());
  }

  @Test
  void badArgumentsExit2WithOneLineOnStderr(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"clocks\": [");
    String[][] cases = {
        {"NewYork", "clock argument 'NewYork' has no '='"},
        {"A=localhost:99999", "port 99999 is outside 1..65535"},
        {"A=x:1 A=y:2", "duplicate clock name 'A'"},
        {"", "no clocks"},
        {"-conf {\"clocks\":", "-conf: malformed JSON"},
        {"-conf " + broken, "-conf " + broken + ": malformed JSON (Unexpected end-of-input"},
        {"-conf /no/such/wall.json", "-conf /no/such/wall.json: no such file"},
        {"A=x:1 --sort zone", "config key 'sort': \"zone\" is not one of: config, name, offset"},
        {"A=x:1 -conf {\"colour\":1}", "unknown config key 'colour'"},
        {"A=x:1 --verbose", "unknown option '--verbose'"},
        {"A=x:1 --sort", "option --sort needs a value"},
        {"A=x:1 -instances 4", "the wall runs as one instance"},
    };
    for (String[] c : cases) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      String[] args = c[0].isEmpty() ? new String[0] : c[0].split(" ");
      int code = WallMain.run(args, new PrintStream(out, true), new PrintStream(err, true));
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, code, c[0]);
      assertEquals(1, stderr.lines().count(), "one line for " + c[0] + ": " + stderr);
      assertTrue(stderr.startsWith("clockwall-wall: "), stderr);
      assertTrue(stderr.contains(c[1]), c[0] + " -> " + stderr);
      assertTrue(stderr.contains("(usage: java -jar clockwall-wall.jar Name=host:port..."), stderr);
      assertFalse(stderr.contains("Exception"), stderr);
      assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void helpGoesToStdoutAndExits0() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = WallMain.run(new String[] {"--help"}, new PrintStream(out, true), System.err);
    assertEquals(0, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(WallArguments.USAGE + "\n"));
  }
}
