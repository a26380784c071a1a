package io.clockwall.runtime;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Where a process serves its admin endpoint: off unless {@code CLOCKWALL_ADMIN_PORT} or the config's
 * {@code adminPort} names a port (the environment wins); host {@code CLOCKWALL_ADMIN_HOST}, {@code adminHost}, or
 * {@code 127.0.0.1}.
 *
 * @param port 0..65535 (0: any free port), or -1 when the endpoint is off
 */
public record AdminOptions(String host, int port) {

  public static final String PORT_KEY = "adminPort";
  public static final String HOST_KEY = "adminHost";
  public static final List<String> KEYS = List.of(PORT_KEY, HOST_KEY);
  static final EnvOverlay ENV = new EnvOverlay("CLOCKWALL_", Map.of(PORT_KEY, Integer.class, HOST_KEY, String.class));
  static final String DEFAULT_HOST = "127.0.0.1";

  public boolean enabled() {
    return port >= 0;
  }

  /** The admin keys of {@code config} with the environment laid over them. */
  public static AdminOptions from(JsonObject config, Map<String, String> env) {
    JsonObject keys = new JsonObject();
    KEYS.forEach(key -> keys.put(key, config.getValue(key)));
    keys.getMap().values().removeIf(java.util.Objects::isNull);
    JsonObject merged = ENV.apply(keys, env);
    Object port = merged.getValue(PORT_KEY);
    Object host = merged.getValue(HOST_KEY, DEFAULT_HOST);
    if (port != null && !(port instanceof Integer p && p >= 0 && p <= 65535)) {
      throw new ConfigException("invalid config: " + PORT_KEY + "=" + OneLine.printable(String.valueOf(port))
        + " (must be 0..65535)");
    }
    if (!(host instanceof String h) || h.isBlank()) {
      throw new ConfigException("invalid config: " + HOST_KEY + "=" + OneLine.printable(String.valueOf(host))
        + " (must be a host name or address)");
    }
    return new AdminOptions(h, port == null ? -1 : (Integer) port);
  }

  /** {@code config} without the admin keys: what the service itself validates. */
  public static JsonObject without(JsonObject config) {
    JsonObject copy = config.copy();
    KEYS.forEach(copy::remove);
    return copy;
  }
}
