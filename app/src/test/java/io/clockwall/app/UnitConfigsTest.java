package io.clockwall.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnitConfigsTest {

  private static final DeploymentPlan LOCAL = DeploymentFile.load(Path.of("..", "conf", "local.json"));

  @Test
  void eachDeploymentReadsVariablesNamedAfterIt() {
    assertEquals("CLOCK_TOKYO_", UnitConfigs.prefix("clock-tokyo"));
    assertEquals("WALL_", UnitConfigs.prefix("wall"));
    DeploymentPlan plan = UnitConfigs.configure(LOCAL, Map.of("CLOCK_TOKYO_PORT", "9030", "WALL_SORT", "offset"));
    assertEquals(new JsonObject().put("zone", "America/New_York").put("port", 8010), plan.units().get(0).config());
    assertEquals(new JsonObject().put("zone", "Asia/Tokyo").put("port", 9030), plan.units().get(2).config());
    assertEquals("offset", plan.units().get(3).config().getString("sort"));
  }

  @Test
  void aJarsOwnVariableThatNoDeploymentReadsIsRefusedInOneLine() {
    var e = assertThrows(DeploymentException.class, () -> UnitConfigs.configure(LOCAL, Map.of("CLOCK_PORT", "9000")));
    assertEquals("CLOCK_PORT is set, but in a deployment file each deployment reads variables of its own"
      + " (CLOCK_NEWYORK_PORT, CLOCK_LONDON_PORT, CLOCK_TOKYO_PORT): set those, or unset CLOCK_PORT", e.getMessage());
  }

  @Test
  void aBadUnitConfigIsAConfigErrorNamingTheDeployment() {
    var e = assertThrows(DeploymentException.class,
      () -> UnitConfigs.configure(LOCAL, Map.of("CLOCK_LONDON_PORT", "70000")));
    assertEquals("clock-london: invalid config: port=70000 (must be 0..65535)", e.getMessage());
  }
}
