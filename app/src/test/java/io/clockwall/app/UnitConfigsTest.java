package io.clockwall.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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

  /** A deployment file with one FTP unit per name, each serving {@code root}. */
  private static DeploymentPlan ftpPlan(Path dir, Path root, String... names) throws Exception {
    StringBuilder units = new StringBuilder();
    for (String name : names) {
      units.append(units.length() == 0 ? "" : ", ").append("{\"name\": \"").append(name)
        .append("\", \"verticle\": \"FtpVerticle\", \"config\": {\"root\": \"").append(root)
        .append("\", \"port\": 2121}}");
    }
    return DeploymentFile.load(Files.writeString(dir.resolve("ftp-plan.json"), "{\"deployments\": [" + units + "]}"));
  }

  @Test
  void anFtpUnitReadsVariablesNamedAfterIt(@TempDir Path dir) throws Exception {
    DeploymentPlan plan = UnitConfigs.configure(ftpPlan(dir, dir, "ftp"),
      Map.of("FTP_PORT", "2200", "FTP_ANONYMOUS", "false", "FTP_PASSIVE_PORTS", "30000-30009"));
    assertEquals(UnitConfigs.FTP, plan.units().get(0).verticle());
    assertEquals(new JsonObject().put("root", dir.toString()).put("port", 2200).put("anonymous", false)
      .put("passivePorts", "30000-30009"), plan.units().get(0).config());
  }

  @Test
  void anFtpVariableThatNoFtpUnitReadsIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    DeploymentPlan two = ftpPlan(dir, dir, "ftp-public", "ftp-private");
    var e = assertThrows(DeploymentException.class, () -> UnitConfigs.configure(two, Map.of("FTP_ROOT", "/srv")));
    assertEquals("FTP_ROOT is set, but in a deployment file each deployment reads variables of its own"
      + " (FTP_PUBLIC_ROOT, FTP_PRIVATE_ROOT): set those, or unset FTP_ROOT", e.getMessage());
    assertEquals(2121, UnitConfigs.configure(two, Map.of("FTP_PRIVATE_PORT", "2122")).units().get(0).config()
      .getInteger("port"));
    assertEquals(2122, UnitConfigs.configure(two, Map.of("FTP_PRIVATE_PORT", "2122")).units().get(1).config()
      .getInteger("port"));
    var local = assertThrows(DeploymentException.class, () -> UnitConfigs.configure(LOCAL, Map.of("FTP_PORT", "1")));
    assertEquals("FTP_PORT is set, but in a deployment file each deployment reads variables of its own:"
      + " set those, or unset FTP_PORT", local.getMessage());
  }

  @Test
  void aBadFtpUnitConfigIsAConfigErrorNamingTheDeployment(@TempDir Path dir) throws Exception {
    DeploymentPlan plan = ftpPlan(dir, dir, "ftp");
    var e = assertThrows(DeploymentException.class, () -> UnitConfigs.configure(plan, Map.of("FTP_PORT", "70000")));
    assertEquals("ftp: ftp config: port: must be 0-65535, got 70000", e.getMessage());
    DeploymentPlan noRoot = ftpPlan(dir, dir.resolve("missing"), "ftp");
    e = assertThrows(DeploymentException.class, () -> UnitConfigs.configure(noRoot, Map.of()));
    assertEquals("ftp: ftp config: root: not an existing directory: " + dir.resolve("missing"), e.getMessage());
  }
}
