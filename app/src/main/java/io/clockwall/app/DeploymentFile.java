package io.clockwall.app;

import io.clockwall.runtime.AdminOptions;
import io.clockwall.runtime.ConfigFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * Reads a deployment file (JSON or YAML, by extension, with {@link ConfigFiles}) and resolves the config files it
 * names, relative to its own folder, into a {@link DeploymentPlan}. Errors are one line naming the file.
 */
public final class DeploymentFile {

  private DeploymentFile() {
  }

  /** The plan of {@code file}; its admin keys ({@code adminPort}, {@code adminHost}) are the process's. */
  public static DeploymentPlan load(Path file) {
    JsonObject json = ConfigFiles.read(file);
    resolveConfigFiles(json, file.toAbsolutePath().getParent());
    return DeploymentPlan.fromJson(AdminOptions.without(json));
  }

  /** The admin keys of {@code file}, as read by {@link #load}. */
  static JsonObject adminKeys(Path file) {
    JsonObject json = ConfigFiles.read(file);
    JsonObject admin = new JsonObject();
    AdminOptions.KEYS.forEach(key -> {
      if (json.containsKey(key)) {
        admin.put(key, json.getValue(key));
      }
    });
    return admin;
  }

  private static void resolveConfigFiles(JsonObject json, Path folder) {
    if (!(json.getValue("deployments") instanceof JsonArray array)) {
      return; // DeploymentPlan reports it
    }
    for (Object value : array) {
      if (!(value instanceof JsonObject entry)) {
        continue;
      }
      if (entry.getValue("config") instanceof String fileName) {
        entry.put("config", ConfigFiles.read(folder.resolve(fileName)));
      } else if (entry.getValue("config") instanceof JsonObject config
        && config.getValue("configFile") instanceof String path) {
        config.put("configFile", folder.resolve(path).normalize().toString());
      }
    }
  }
}
