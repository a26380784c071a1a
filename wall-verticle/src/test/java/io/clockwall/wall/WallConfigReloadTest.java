package io.clockwall.wall;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.clockwall.wall.WallTesting.WAIT;
import static io.clockwall.wall.WallTesting.await;
import static io.clockwall.wall.WallTesting.clock;
import static io.clockwall.wall.WallTesting.config;
import static io.clockwall.wall.WallTesting.deployWall;
import static io.clockwall.wall.WallTesting.liveCells;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hot reload (issue 4, item 1): the wall follows its config file without a restart. */
@ExtendWith(VertxExtension.class)
class WallConfigReloadTest {

  @Test
  void clocksAddedOrRemovedInTheFileAppearOrVanishAndBadChangesAreRefused(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestClockServer utc = await(TestClockServer.goLike(vertx, "UTC", 0).start());
    TestClockServer tokyo = await(TestClockServer.goLike(vertx, "Asia/Tokyo", 0).start());
    Path file = dir.resolve("wall.json");
    write(file, config(clock("UTC", utc.port())).put("scanPeriodMs", 200).encodePrettily());
    CapturedOutput out = new CapturedOutput();
    deployWall(vertx, new JsonObject().put("configFile", file.toString()).put("sort", "offset"), out);

    int first = out.awaitLine(0, line -> liveCells(line).size() == 1, WAIT);
    assertEquals(1, utc.connections.get());

    // added (sort offset comes from the deployment config, laid over every version of the file)
    write(file, config(clock("Tokyo", tokyo.port()), clock("UTC", utc.port())).put("scanPeriodMs", 200).encode());
    int both = out.awaitLine(first, line -> liveCells(line).size() == 2, WAIT);
    out.awaitLine(first, "clocks: UTC +00:00 | Tokyo +09:00"::equals, WAIT);
    assertEquals(1, utc.connections.get(), "the unchanged clock kept its connection");

    // malformed JSON and a change that fails validation: refused, the wall keeps its last good config
    write(file, "{\"clocks\": [");
    int afterBroken = out.awaitLine(both + 2, line -> true, WAIT);
    write(file, config(clock("UTC", utc.port()), clock("UTC", tokyo.port())).put("scanPeriodMs", 200).encode());
    int afterInvalid = out.awaitLine(afterBroken + 2, line -> true, WAIT);
    for (String row : out.lines().subList(both, afterInvalid + 1)) {
      assertTrue(row.startsWith("clocks: UTC +00:00 | Tokyo +09:00") || row.startsWith("health: ")
          || liveCells(row).size() == 2,
          "kept both clocks: " + row);
    }

    // removed
    write(file, config(clock("Tokyo", tokyo.port())).put("scanPeriodMs", 200).encode());
    int header = out.awaitLine(afterInvalid, "clocks: Tokyo +09:00"::equals, WAIT);
    int row = out.awaitLine(header + 1, WallTesting::isDataRow, WAIT);
    List<String[]> cells = liveCells(out.line(row));
    assertEquals("Tokyo", cells.get(0)[0]);
    await(WallVerticleTest.waitFor(vertx, () -> utc.closedByClient.get() == 1));
  }

  @Test
  void aMissingOrBrokenFileAtStartFailsTheDeploymentWithOneClearMessage(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path broken = dir.resolve("broken.json");
    write(broken, "{\"clocks\": [ {\"name\": ");
    Throwable e = vertx.deployVerticle(new WallVerticle(new CapturedOutput(), false, true),
            new io.vertx.core.DeploymentOptions().setConfig(new JsonObject().put("configFile", broken.toString())))
        .toCompletionStage().toCompletableFuture().handle((id, err) -> err).get();
    assertTrue(e.getMessage().startsWith("config file " + broken + ": not a JSON object"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  private static void write(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @SuppressWarnings("unused")
  private static final Duration SCAN = Duration.ofMillis(200);
}
