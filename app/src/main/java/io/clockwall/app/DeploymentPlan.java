package io.clockwall.app;

import io.clockwall.runtime.OneLine;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one process runs: an ordered list of verticles, each with its instance count and config.
 *
 * <p>The JSON (or YAML) form:
 * <pre>{@code
 * { "deployments": [
 *     { "name": "clock-tokyo", "verticle": "ClockVerticle", "instances": 1, "config": "clock-tokyo.json" },
 *     { "name": "wall", "verticle": "WallVerticle", "config": { "configFile": "wall.json" } } ] }
 * }</pre>
 * A {@code config} given as a string names a JSON or YAML file; file paths, and a {@code configFile} key inside an
 * inline config, are relative to the deployment file's folder. {@link DeploymentFile} resolves them before the
 * plan is built, so a plan only ever holds inline config.
 */
public record DeploymentPlan(List<Unit> units) {

  /** Short names accepted for the project's own verticles. */
  static final Map<String, String> KNOWN_VERTICLES = Map.of(
    "ClockVerticle", UnitConfigs.CLOCK,
    "WallVerticle", UnitConfigs.WALL,
    "FtpVerticle", UnitConfigs.FTP);

  private static final Set<String> PLAN_KEYS = Set.of("deployments");
  private static final Set<String> UNIT_KEYS = Set.of("name", "verticle", "instances", "config");

  /** One verticle deployment: its name (for messages), class, instance count and config. */
  public record Unit(String name, String verticle, int instances, JsonObject config) {
    public DeploymentOptions options() {
      return new DeploymentOptions().setInstances(instances).setConfig(config.copy());
    }

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("verticle", verticle).put("instances", instances).put("config", config);
    }
  }

  public DeploymentPlan {
    units = List.copyOf(units);
  }

  /** The same plan with each unit's config replaced by {@code configs}' (same order). */
  public DeploymentPlan withConfigs(List<JsonObject> configs) {
    List<Unit> replaced = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      Unit u = units.get(i);
      replaced.add(new Unit(u.name(), u.verticle(), u.instances(), configs.get(i)));
    }
    return new DeploymentPlan(replaced);
  }

  /** Parses and validates a plan whose configs are already inline objects. */
  public static DeploymentPlan fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!PLAN_KEYS.contains(key)) {
        throw new DeploymentException("unknown key \"" + key + "\" (expected \"deployments\")");
      }
    }
    if (!(json.getValue("deployments") instanceof JsonArray array) || array.isEmpty()) {
      throw new DeploymentException("\"deployments\" must be a non-empty array of {verticle, instances, config}");
    }
    List<Unit> units = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw new DeploymentException("deployments[" + i + "] must be an object, got " + array.getValue(i));
      }
      Unit unit = unit(i, entry);
      if (!names.add(unit.name())) {
        throw new DeploymentException("deployments[" + i + "]: duplicate name \"" + unit.name() + "\"");
      }
      units.add(unit);
    }
    return new DeploymentPlan(units);
  }

  private static Unit unit(int index, JsonObject entry) {
    String where = "deployments[" + index + "]";
    for (String key : entry.fieldNames()) {
      if (!UNIT_KEYS.contains(key)) {
        throw new DeploymentException(where + ": unknown key \"" + key + "\" (expected one of " + UNIT_KEYS + ")");
      }
    }
    if (!(entry.getValue("verticle") instanceof String verticle) || verticle.isBlank()) {
      throw new DeploymentException(where + ": \"verticle\" must be a class name such as ClockVerticle");
    }
    String className = KNOWN_VERTICLES.getOrDefault(verticle, verticle);
    if (!className.contains(".")) {
      throw new DeploymentException(where + ": unknown verticle \"" + verticle + "\" (known: "
        + String.join(", ", new java.util.TreeSet<>(KNOWN_VERTICLES.keySet())) + ", or a fully qualified class name)");
    }
    try {
      Class.forName(className, false, DeploymentPlan.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new DeploymentException(where + ": no verticle class " + OneLine.printable(className) + " in this jar");
    }
    Object instances = entry.getValue("instances", 1);
    if (!(instances instanceof Integer n) || n < 1) {
      throw new DeploymentException(where + ": instances=" + instances + " (must be an integer >= 1)");
    }
    Object config = entry.getValue("config", new JsonObject());
    if (!(config instanceof JsonObject object)) {
      throw new DeploymentException(where + ": \"config\" must be an object or a file name, got " + config);
    }
    Object name = entry.getValue("name", verticle + "#" + index);
    if (!(name instanceof String unitName) || unitName.isBlank()) {
      throw new DeploymentException(where + ": name=" + name + " (must be a non-empty string)");
    }
    return new Unit(unitName, className, n, object);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    units.forEach(unit -> array.add(unit.toJson()));
    return new JsonObject().put("deployments", array);
  }
}
