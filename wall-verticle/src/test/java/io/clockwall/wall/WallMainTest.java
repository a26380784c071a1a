package io.clockwall.wall;

import io.clockwall.runtime.ServiceLauncher;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the command line becomes the verticle's config, and the one-line errors (no Vert.x is started). */
class WallMainTest {

  @Test
  void clockArgumentsBecomeTheClocksKeyInOrder() {
    JsonObject config = config(new String[] {
        "NewYork=localhost:8010", "London=localhost:8020", "--sort", "offset", "Tokyo=localhost:8030"});
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
    JsonObject config = config(new String[] {
        "-conf", file.toString(), "C=localhost:3"});
    assertEquals(new JsonObject()
        .put("clocks", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("name", "C").put("host", "localhost").put("port", 3)))
        .put("configFile", file.toAbsolutePath().toString()), config);

    JsonObject fileOnly = config(new String[] {"--conf=" + file});
    assertEquals(new JsonObject().put("configFile", file.toAbsolutePath().toString()), fileOnly);
  }

  @Test
  void aJsonConfStringIsMergedAndPassedWhole() {
    JsonObject config = config(new String[] {
        "-conf", "{\"tty\":\"always\",\"clocks\":[{\"name\":\"A\",\"port\":1}]}", "--sort=name"});
    assertEquals(new JsonObject("""
        {"tty": "always", "clocks": [{"name": "A", "port": 1}], "sort": "name"}"""), config);
  }

  @Test
  void theLaunchersMainVerticleArgumentIsDroppedAsMvnVertxRunGivesIt() {
    JsonObject config = config(new String[] {"io.clockwall.wall.WallVerticle", "-conf", "{}", "A=h:1"});
    assertEquals(1, config.getJsonArray("clocks").size());
    ConfigException e = assertThrows(ConfigException.class, () -> config(new String[] {"NewYork"}));
    assertTrue(e.getMessage().contains("'NewYork' has no '='"), e.getMessage());
  }

  @Test
  void aConfigFileKeyIsFollowedLikeAConfFileAndAFollowedFileCannotNameAnother(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("wall.yaml"), "clocks:\n  - {name: A, host: h, port: 1}\n");
    JsonObject config = WallMain.followed(new JsonObject().put("configFile", "wall.yaml"), null, dir,
        new JsonObject());
    assertEquals(new JsonObject().put("configFile", file.toString()), config);
    Files.writeString(file, "configFile: other.json\nclocks:\n  - {name: A, host: h, port: 1}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> config(new String[] {"-conf", file.toString()}));
    assertEquals("config file " + file + ": a followed file cannot name another (configFile)", e.getMessage());
  }

  @Test
  void theEnvironmentIsLaidOverTheConfigAndArgumentsOverBoth() {
    JsonObject config = WallMain.followed(new JsonObject().put("sort", "name").put("clocks",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "A").put("port", 1))), null,
        Path.of("."), WallConfig.ENV.apply(new JsonObject(), Map.of("WALL_SORT", "offset", "WALL_STALE_AFTER_MS",
            "1500")));
    assertEquals("offset", config.getString("sort"));
    assertEquals(1500, config.getInteger("staleAfterMs"));
  }

  private static JsonObject config(String[] args) {
    return ServiceLauncher.verticleConfig(new WallMain(), args, Map.of());
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
        {"-conf {\"clocks\":", "-conf {\"clocks\":: not a JSON object (Unexpected end-of-input"},
        {"-conf " + broken, "-conf " + broken + ": not a JSON object (Unexpected end-of-input"},
        {"-conf /no/such/wall.json", "-conf /no/such/wall.json: no such file"},
        {"A=x:1 --sort zone", "config key 'sort': \"zone\" is not one of: config, name, offset"},
        {"A=x:1 -conf {\"colour\":1}", "unknown config key 'colour'"},
        {"A=x:1 --verbose", "unknown option --verbose (-h for help)"},
        {"A=x:1 --sort", "option --sort needs a value"},
        {"A=x:1 -instances 0", "-instances 0: must be 1 or more"},
        {"A=x:1 -instances 4", "the wall runs as one instance"},
    };
    for (String[] c : cases) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      String[] args = c[0].isEmpty() ? new String[0] : c[0].split(" ");
      int code = ServiceLauncher.run(new WallMain(), args, Map.of(), new PrintStream(out, true),
          new PrintStream(err, true));
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, code, c[0]);
      assertEquals(1, stderr.lines().count(), "one line for " + c[0] + ": " + stderr);
      assertTrue(stderr.startsWith("clockwall-wall: "), stderr);
      assertTrue(stderr.contains(c[1]), c[0] + " -> " + stderr);
      assertFalse(stderr.contains("Exception"), stderr);
      assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void helpGoesToStdoutAndExits0() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = ServiceLauncher.run(new WallMain(), new String[] {"--help"}, Map.of(), new PrintStream(out, true),
        System.err);
    assertEquals(0, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(WallMain.USAGE + "\n"));
  }
}
