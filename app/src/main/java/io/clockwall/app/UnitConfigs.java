package io.clockwall.app;

import io.clockwall.clock.ClockConfig;
import io.clockwall.ftp.FtpConfig;
import io.clockwall.runtime.EnvOverlay;
import io.clockwall.runtime.OneLine;
import io.clockwall.wall.WallConfig;
import io.clockwall.wall.WallMain;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment layer and validation of every unit of a deployment file, before Vert.x starts.
 *
 * <p>In one process several verticles of a kind would all read the same variables ({@code CLOCK_PORT} would move
 * every clock to one port), so each deployment reads variables of its own, named from its {@code name}:
 * {@code clock-tokyo} reads {@code CLOCK_TOKYO_PORT}, {@code CLOCK_TOKYO_ZONE}, ...; {@code wall} reads
 * {@code WALL_SORT}, ...; {@code ftp} reads {@code FTP_PORT}, {@code FTP_ROOT}, ... A jar's own variable ({@code CLOCK_PORT}) that no deployment reads is refused with one line
 * that names the ones to set instead.
 */
final class UnitConfigs {

  static final String CLOCK = "io.clockwall.clock.ClockVerticle";
  static final String WALL = "io.clockwall.wall.WallVerticle";
  static final String FTP = "io.clockwall.ftp.FtpVerticle";

  private UnitConfigs() {
  }

  /** {@code clock-tokyo} -> {@code CLOCK_TOKYO_}. */
  static String prefix(String unitName) {
    return unitName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "") + "_";
  }

  /** Each unit's config with its variables laid over it, validated; the plan's order. */
  static DeploymentPlan configure(DeploymentPlan plan, Map<String, String> env) {
    Set<String> read = new LinkedHashSet<>();
    List<JsonObject> configs = new ArrayList<>();
    for (DeploymentPlan.Unit unit : plan.units()) {
      EnvOverlay overlay = overlay(unit);
      if (overlay == null) {
        configs.add(unit.config()); // a verticle of someone else's: its config as given
        continue;
      }
      read.addAll(overlay.setIn(env));
      try {
        configs.add(validated(unit, overlay, env));
      } catch (io.clockwall.runtime.ConfigException e) {
        throw new DeploymentException(unit.name() + ": " + e.getMessage());
      }
    }
    refuseUnread(plan, env, read);
    return plan.withConfigs(configs);
  }

  private static EnvOverlay overlay(DeploymentPlan.Unit unit) {
    return switch (unit.verticle()) {
      case CLOCK -> ClockConfig.envOverlay(prefix(unit.name()));
      case WALL -> WallConfig.envOverlay(prefix(unit.name()));
      case FTP -> FtpConfig.envOverlay(prefix(unit.name()));
      default -> null;
    };
  }

  private static JsonObject validated(DeploymentPlan.Unit unit, EnvOverlay overlay, Map<String, String> env) {
    if (unit.verticle().equals(CLOCK)) {
      JsonObject conf = overlay.apply(unit.config(), env);
      ClockConfig.from(conf);
      return conf;
    }
    if (unit.verticle().equals(FTP)) {
      JsonObject conf = overlay.apply(unit.config(), env);
      FtpConfig.from(conf); // a relative root: against the working directory, as the verticle resolves it
      return conf;
    }
    return WallMain.followed(unit.config(), null, Path.of("").toAbsolutePath(), overlay.apply(new JsonObject(), env));
  }

  private static void refuseUnread(DeploymentPlan plan, Map<String, String> env, Set<String> read) {
    for (EnvOverlay jar : List.of(ClockConfig.ENV, WallConfig.ENV, FtpConfig.ENV)) {
      for (String var : jar.setIn(env)) {
        if (read.contains(var)) {
          continue;
        }
        String kind = jar == ClockConfig.ENV ? CLOCK : jar == WallConfig.ENV ? WALL : FTP;
        String key = var.substring(jar.prefix().length());
        List<String> instead = plan.units().stream().filter(u -> u.verticle().equals(kind))
          .map(u -> prefix(u.name()) + key).toList();
        throw new DeploymentException(OneLine.printable(var) + " is set, but in a deployment file each deployment"
          + " reads variables of its own" + (instead.isEmpty() ? "" : " (" + String.join(", ", instead) + ")")
          + ": set those, or unset " + OneLine.printable(var));
      }
    }
  }
}
