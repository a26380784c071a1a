package io.clockwall.clock;

/**
 * A configuration value the clock cannot start with. The message is one line naming the key and the value,
 * e.g. {@code invalid config: port=70000 (must be 0..65535)}, fit to be printed as-is.
 */
public final class ClockConfigException extends io.clockwall.runtime.ConfigException {

  ClockConfigException(String message) {
    super(message);
  }

  static ClockConfigException invalid(String key, Object value, String why) {
    return new ClockConfigException("invalid config: " + key + "=" + show(value) + " (" + why + ")");
  }

  static String show(Object value) {
    return value instanceof String s ? '"' + s + '"' : String.valueOf(value);
  }
}
