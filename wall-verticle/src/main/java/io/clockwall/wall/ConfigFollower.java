package io.clockwall.wall;

import io.clockwall.runtime.AdminOptions;
import io.clockwall.runtime.ConfigFiles;
import io.clockwall.runtime.OneLine;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The wall's config file (JSON or YAML), followed with vertx-config: read once at start, then every
 * {@code scanPeriodMs}; the deployment config's other keys stay laid over every version. A version that fails to
 * read or validate is refused with one log line (once per distinct reason) and the last good config stays.
 */
final class ConfigFollower {

  private static final Logger log = LoggerFactory.getLogger(ConfigFollower.class);

  private final Vertx vertx;
  private final Path file;
  private final JsonObject overrides;
  private ConfigRetriever retriever;
  private String lastRefusal;

  /** {@code deployment} holds {@code configFile} and the keys laid over the file. */
  ConfigFollower(Vertx vertx, JsonObject deployment) {
    this.vertx = vertx;
    this.file = Path.of(deployment.getString("configFile"));
    this.overrides = deployment.copy();
    overrides.remove("configFile");
  }

  /** Reads the file once (off the event loop) and validates it. */
  Future<WallConfig> load() {
    return vertx.executeBlocking(() -> ConfigFiles.read(file))
        .recover(e -> Future.failedFuture(new ConfigException("config file " + OneLine.of(e))))
        .map(this::parse);
  }

  /** From now on, calls {@code changed} with each new valid version; {@code scanPeriodMs} apart. */
  void follow(long scanPeriodMs, Consumer<WallConfig> changed) {
    retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(scanPeriodMs)
        .setIncludeDefaultStores(false)
        .addStore(ConfigFiles.store(file))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(overrides)));
    retriever.listen(change -> {
      WallConfig next;
      try {
        next = parse(change.getNewConfiguration());
      } catch (ConfigException e) {
        refuse(e.getMessage());
        return;
      }
      lastRefusal = null;
      changed.accept(next);
    });
    retriever.configStream().exceptionHandler(e ->
        // the same words as at start: read the file again for them
        vertx.executeBlocking(() -> ConfigFiles.read(file)).onComplete(ar -> refuse("config file " + (ar.failed()
            ? OneLine.of(ar.cause()) : file + ": " + OneLine.of(e)))));
  }

  private WallConfig parse(JsonObject fromFile) {
    if (fromFile.containsKey("configFile") && !fromFile.getValue("configFile").equals(file.toString())) {
      throw new ConfigException("config file " + file + ": a followed file cannot name another (configFile)");
    }
    JsonObject json = AdminOptions.without(fromFile).mergeIn(overrides, true).put("configFile", file.toString());
    try {
      return WallConfig.fromJson(json);
    } catch (ConfigException e) {
      throw new ConfigException("config file " + file + ": " + e.getMessage());
    }
  }

  private void refuse(String reason) {
    if (!reason.equals(lastRefusal)) {
      lastRefusal = reason;
      log.warn("config change refused, keeping the last good config: {}", reason);
    }
  }

  Future<Void> close() {
    return retriever == null ? Future.succeededFuture() : retriever.close();
  }
}
