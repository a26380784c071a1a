package io.clockwall.app;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a deployment file (JSON or YAML, by extension) with vertx-config and resolves the config files it names,
 * relative to its own folder, into a {@link DeploymentPlan}.
 */
public final class DeploymentFile {

  private DeploymentFile() {
  }

  public static Future<DeploymentPlan> load(Vertx vertx, Path file) {
    Path folder = file.toAbsolutePath().getParent();
    return read(vertx, file)
      .compose(json -> resolveConfigFiles(vertx, json, folder))
      .map(DeploymentPlan::fromJson);
  }

  /** Reads one JSON or YAML object file, failing with a one-line message that names the file. */
  static Future<JsonObject> read(Vertx vertx, Path file) {
    if (!Files.isRegularFile(file)) {
      return Future.failedFuture(new DeploymentException(file + ": no such file"));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : "json";
    ConfigStoreOptions store = new ConfigStoreOptions().setType("file").setFormat(format)
      .setConfig(new JsonObject().put("path", file.toString()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setScanPeriod(-1).addStore(store));
    return retriever.getConfig()
      .eventually(retriever::close)
      .recover(err -> Future.failedFuture(new DeploymentException(file + ": not a valid " + format.toUpperCase(Locale.ROOT)
        + " object (" + firstLine(err) + ")")));
  }

  private static Future<JsonObject> resolveConfigFiles(Vertx vertx, JsonObject json, Path folder) {
    if (!(json.getValue("deployments") instanceof JsonArray array)) {
      return Future.succeededFuture(json); // DeploymentPlan reports it
    }
    List<Future<Void>> reads = new ArrayList<>();
    for (Object value : array) {
      if (!(value instanceof JsonObject entry)) {
        continue;
      }
      if (entry.getValue("config") instanceof String fileName) {
        reads.add(read(vertx, folder.resolve(fileName)).map(config -> {
          entry.put("config", config);
          return null;
        }));
      } else if (entry.getValue("config") instanceof JsonObject config && config.getValue("configFile") instanceof String path) {
        config.put("configFile", folder.resolve(path).normalize().toString());
      }
    }
    return Future.all(reads).map(json);
  }

  /** The first line of the outermost message in a failure's cause chain: what a user should read. */
  static String firstLine(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage().lines().findFirst().orElse("").trim();
      }
    }
    return err.getClass().getSimpleName();
  }
}
