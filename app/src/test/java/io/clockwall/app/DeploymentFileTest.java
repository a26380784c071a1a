package io.clockwall.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class DeploymentFileTest {

  private static final Path CONF = Path.of("..", "conf");

  @Test
  void theShippedLocalDeploymentRunsThreeZonedClocksAndTheWall(Vertx vertx) {
    DeploymentPlan plan = DeploymentFile.load(CONF.resolve("local.json"));

    assertEquals(List.of("clock-newyork", "clock-london", "clock-tokyo", "wall"),
      plan.units().stream().map(DeploymentPlan.Unit::name).toList());
    assertEquals(new JsonObject().put("zone", "America/New_York").put("port", 8010), plan.units().get(0).config());
    assertEquals(new JsonObject().put("zone", "Asia/Tokyo").put("port", 8030), plan.units().get(2).config());
    assertEquals("io.clockwall.clock.ClockVerticle", plan.units().get(0).verticle());
    DeploymentPlan.Unit wall = plan.units().get(3);
    assertEquals("io.clockwall.wall.WallVerticle", wall.verticle());
    assertEquals(CONF.resolve("wall.json").toAbsolutePath().normalize().toString(), wall.config().getString("configFile"));
  }

  @Test
  void yamlDeploymentFilesAreReadLikeJson(Vertx vertx) {
    DeploymentPlan json = DeploymentFile.load(CONF.resolve("local.json"));
    DeploymentPlan yaml = DeploymentFile.load(CONF.resolve("local.yaml"));

    assertEquals(json.units().size(), yaml.units().size());
    assertEquals(2, yaml.units().get(2).instances());
    for (int i = 0; i < json.units().size(); i++) {
      assertEquals(json.units().get(i).config(), yaml.units().get(i).config());
    }
  }

  @Test
  void badDeploymentFilesGiveOneLineNamingTheProblem(Vertx vertx, @TempDir Path dir) throws Exception {
    assertFails(dir, "{ \"deployments\": [", "not a JSON object");
    assertFails(dir, "{}", "\"deployments\" must be a non-empty array");
    assertFails(dir, "{\"deployments\": [], \"x\": 1}", "unknown key \"x\"");
    assertFails(dir, "{\"deployments\": [{\"verticle\": \"Clock\"}]}", "deployments[0]: unknown verticle \"Clock\"");
    assertFails(dir, "{\"deployments\": [{\"verticle\": \"ClockVerticle\", \"instances\": 0}]}",
      "deployments[0]: instances=0 (must be an integer >= 1)");
    assertFails(dir, "{\"deployments\": [{\"verticle\": \"ClockVerticle\", \"confg\": {}}]}",
      "deployments[0]: unknown key \"confg\"");
    assertFails(dir, "{\"deployments\": [{\"verticle\": \"ClockVerticle\", \"config\": \"missing.json\"}]}",
      "missing.json: no such file");
    assertFails(dir, "{\"deployments\": [{\"name\": \"a\", \"verticle\": \"ClockVerticle\"},"
      + " {\"name\": \"a\", \"verticle\": \"WallVerticle\"}]}", "deployments[1]: duplicate name \"a\"");

    var missing = assertThrows(io.clockwall.runtime.ConfigException.class,
      () -> DeploymentFile.load(dir.resolve("nope.json")));
    assertTrue(missing.getMessage().endsWith("nope.json: no such file"), missing.getMessage());
  }

  private static void assertFails(Path dir, String content, String expected) throws Exception {
    Path file = Files.writeString(dir.resolve("plan.json"), content);
    var e = assertThrows(io.clockwall.runtime.ConfigException.class, () -> DeploymentFile.load(file));
    assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
