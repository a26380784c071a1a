package io.clockwall.runtime;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment layer of a service's config: each scalar key may be set by a variable named from a prefix and
 * the key ({@code CLOCK_} + {@code maxConnections} = {@code CLOCK_MAX_CONNECTIONS}). Values are typed as the key
 * is (string, integer, boolean); a bad one is a {@link ConfigException} naming the variable.
 *
 * @param prefix the variables' prefix, with its trailing underscore
 * @param keys   each key the environment may set, and its type: {@code String}, {@code Integer} or {@code Boolean}
 */
public record EnvOverlay(String prefix, Map<String, Class<?>> keys) {

  public EnvOverlay {
    keys = Map.copyOf(keys);
  }

  /** {@code prefix} + {@code key} in upper snake case. */
  public String variable(String key) {
    return prefix + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** The variables of this overlay set in {@code env}, sorted. */
  public List<String> setIn(Map<String, String> env) {
    List<String> set = new ArrayList<>();
    keys.keySet().forEach(key -> {
      if (env.containsKey(variable(key))) {
        set.add(variable(key));
      }
    });
    set.sort(null);
    return set;
  }

  /** A copy of {@code conf} with every variable set in {@code env} laid over it. */
  public JsonObject apply(JsonObject conf, Map<String, String> env) {
    JsonObject result = conf.copy();
    keys.forEach((key, type) -> {
      String var = variable(key);
      String value = env.get(var);
      if (value != null) {
        result.put(key, type == String.class ? value : typed(var, value.strip(), type));
      }
    });
    return result;
  }

  private static Object typed(String var, String value, Class<?> type) {
    if (type == Integer.class) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw invalid(var, value, "must be an integer");
      }
    }
    if (type == Boolean.class) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw invalid(var, value, "must be true or false");
      };
    }
    return value;
  }

  private static ConfigException invalid(String var, String value, String why) {
    return new ConfigException("invalid config: " + var + "=\"" + OneLine.printable(value) + "\" (" + why + ")");
  }
}
