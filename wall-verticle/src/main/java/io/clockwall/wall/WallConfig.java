package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import io.clockwall.runtime.EnvOverlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The wall's configuration, parsed and validated in this one place. Every key, its default and its limits are
 * listed in {@link #KEYS}; an unknown key, a wrong type or a value out of range is a {@link ConfigException}
 * naming the key and the value.
 */
public record WallConfig(
    List<ClockSpec> clocks,
    Sort sort,
    Tty tty,
    long staleAfterMs,
    long hungAfterMs,
    long connectTimeoutMs,
    long backoffInitialMs,
    long backoffMaxMs,
    int maxLineLength,
    long rowDeadlineMs,
    long scanPeriodMs,
    String configFile,
    Output output,
    Web web,
    int hours,
    WorkHours workHours) {

  /** Column order. */
  public enum Sort { CONFIG, NAME, OFFSET }

  /** Terminal mode: {@code auto} asks {@code System.console()}. */
  public enum Tty { AUTO, ALWAYS, NEVER }

  /** What stdout carries: the table (plain or TTY), or one JSON object per row ({@code --output json}). */
  public enum Output { TABLE, JSON }

  /**
   * The live page: served on {@code host:port} when {@code port} is set ({@code --web PORT}, or
   * {@code "web": {"port": 8080, "host": "127.0.0.1"}}); 0 means any free port. A connection that is not an event
   * stream and neither sends nor is sent anything for {@code idleTimeoutSeconds} is closed.
   */
  public record Web(Integer port, String host, int idleTimeoutSeconds) {
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final Web OFF = new Web(null, "127.0.0.1", DEFAULT_IDLE_TIMEOUT_SECONDS);

    public boolean on() {
      return port != null;
    }
  }

  public static final List<String> KEYS = List.of("clocks", "sort", "tty", "staleAfterMs", "hungAfterMs",
      "connectTimeoutMs", "backoffInitialMs", "backoffMaxMs", "maxLineLength", "rowDeadlineMs", "scanPeriodMs",
      "configFile", "output", "web", "hours", "workHours");

  private static final List<String> CLOCK_KEYS = List.of("name", "host", "port", "zone", "workHours");

  /** {@code WALL_SORT}, {@code WALL_STALE_AFTER_MS}, ...: the environment over the config file (not the clocks). */
  public static final EnvOverlay ENV = envOverlay("WALL_");

  /** {@link #ENV} with another prefix: how a deployment file gives each wall variables of its own. */
  public static EnvOverlay envOverlay(String prefix) {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    KEYS.forEach(key -> {
      if (!key.equals("clocks") && !key.equals("configFile") && !key.equals("web")) {
        types.put(key, key.equals("sort") || key.equals("tty") || key.equals("output") || key.equals("workHours")
            ? String.class : Integer.class);
      }
    });
    return new EnvOverlay(prefix, types);
  }

  public WallConfig {
    clocks = List.copyOf(clocks);
  }

  /** The timings a {@link ClockConnection} needs. */
  public ClockTimings timings() {
    return new ClockTimings(staleAfterMs, hungAfterMs, connectTimeoutMs, backoffInitialMs, backoffMaxMs, maxLineLength);
  }

  public static WallConfig fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException("unknown config key '" + ClockSpec.printable(key) + "' (known keys: "
            + String.join(", ", KEYS) + ")");
      }
    }
    List<ClockSpec> clocks = parseClocks(json.getValue("clocks"));
    Sort sort = parseEnum(json, "sort", Sort.class, Sort.CONFIG);
    Tty tty = parseEnum(json, "tty", Tty.class, Tty.AUTO);
    long stale = longKey(json, "staleAfterMs", 1500, 100, 3_600_000);
    long hung = longKey(json, "hungAfterMs", 5000, 200, 3_600_000);
    if (hung <= stale) {
      throw new ConfigException("config key 'hungAfterMs': " + hung + " must be greater than staleAfterMs (" + stale + ")");
    }
    long connectTimeout = longKey(json, "connectTimeoutMs", 3000, 100, 600_000);
    long backoffInitial = longKey(json, "backoffInitialMs", 250, 10, 600_000);
    long backoffMax = longKey(json, "backoffMaxMs", 5000, 10, 3_600_000);
    if (backoffMax < backoffInitial) {
      throw new ConfigException("config key 'backoffMaxMs': " + backoffMax
          + " must not be less than backoffInitialMs (" + backoffInitial + ")");
    }
    int maxLine = (int) longKey(json, "maxLineLength", 64, 8, 4096);
    long rowDeadline = longKey(json, "rowDeadlineMs", 900, 50, 990);
    long scanPeriod = longKey(json, "scanPeriodMs", 1000, 100, 3_600_000);
    Object file = json.getValue("configFile");
    if (file != null && !(file instanceof String s && !s.isBlank())) {
      throw new ConfigException("config key 'configFile': " + describe(file) + " is not a file path");
    }
    Output output = parseEnum(json, "output", Output.class, Output.TABLE);
    Object hours = json.getValue("hours", 24);
    if (!(isIntegral(hours) && (((Number) hours).intValue() == 12 || ((Number) hours).intValue() == 24)
        && ((Number) hours).doubleValue() == ((Number) hours).intValue())) {
      throw new ConfigException("config key 'hours': " + describe(hours) + " is not 12 or 24");
    }
    return new WallConfig(clocks, sort, tty, stale, hung, connectTimeout, backoffInitial, backoffMax, maxLine,
        rowDeadline, scanPeriod, (String) file, output, parseWeb(json.getValue("web")), ((Number) hours).intValue(),
        workHours(json.getValue("workHours"), "workHours"));
  }

  private static WorkHours workHours(Object value, String key) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new ConfigException("config key '" + key + "': " + describe(value) + " is not a string \"09:00-18:00\"");
    }
    try {
      return WorkHours.parse(s);
    } catch (ConfigException e) {
      throw new ConfigException("config key '" + key + "': " + e.getMessage());
    }
  }

  private static Web parseWeb(Object value) {
    if (value == null) {
      return Web.OFF;
    }
    if (!(value instanceof JsonObject web)) {
      throw new ConfigException("config key 'web': " + describe(value) + " is not an object {\"port\": 8080}");
    }
    for (String k : web.fieldNames()) {
      if (!k.equals("port") && !k.equals("host") && !k.equals("idleTimeoutSeconds")) {
        throw new ConfigException("config key 'web." + ClockSpec.printable(k)
            + "' is unknown (known keys: port, host, idleTimeoutSeconds)");
      }
    }
    Integer port = web.getValue("port") == null ? null : (int) longKey(web, "web.", "port", 0, 0, 65535);
    int idle = (int) longKey(web, "web.", "idleTimeoutSeconds", Web.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 3600);
    Object host = web.getValue("host", "127.0.0.1");
    if (!(host instanceof String h) || h.isBlank()) {
      throw new ConfigException("config key 'web.host': " + describe(host) + " is not a host name or address");
    }
    return new Web(port, h, idle);
  }

  private static List<ClockSpec> parseClocks(Object value) {
    if (value == null) {
      throw new ConfigException("no clocks: give Name=host:port arguments or config key 'clocks' "
          + "([{\"name\":..., \"host\":..., \"port\":...}])");
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException("config key 'clocks': " + describe(value) + " is not an array");
    }
    if (array.isEmpty()) {
      throw new ConfigException("config key 'clocks': the list is empty; the wall needs at least one clock");
    }
    List<ClockSpec> clocks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String key = "clocks[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject clock)) {
        throw new ConfigException("config key '" + key + "': " + describe(array.getValue(i))
            + " is not an object {\"name\":..., \"host\":..., \"port\":...}");
      }
      for (String k : clock.fieldNames()) {
        if (!CLOCK_KEYS.contains(k)) {
          throw new ConfigException("config key '" + key + "." + ClockSpec.printable(k)
              + "' is unknown (known keys: " + String.join(", ", CLOCK_KEYS) + ")");
        }
      }
      Object name = clock.getValue("name");
      if (!(name instanceof String)) {
        throw new ConfigException("config key '" + key + ".name': " + describe(name) + " is not a string");
      }
      Object host = clock.getValue("host", "localhost");
      if (!(host instanceof String)) {
        throw new ConfigException("config key '" + key + ".host': " + describe(host) + " is not a string");
      }
      Object port = clock.getValue("port");
      if (!isIntegral(port)) {
        throw new ConfigException("config key '" + key + ".port': " + describe(port) + " is not a port number");
      }
      Object zone = clock.getValue("zone");
      if (zone != null && !(zone instanceof String)) {
        throw new ConfigException("config key '" + key + ".zone': " + describe(zone) + " is not a zone id string");
      }
      java.time.ZoneId zoneId = null;
      if (zone != null) {
        try {
          zoneId = ClockSpec.zone((String) zone);
        } catch (ConfigException e) {
          throw new ConfigException("config key '" + key + ".zone': " + e.getMessage());
        }
      }
      WorkHours hours = workHours(clock.getValue("workHours"), key + ".workHours");
      ClockSpec spec;
      try {
        spec = new ClockSpec((String) name, (String) host, (int) Math.max(Integer.MIN_VALUE,
            Math.min(Integer.MAX_VALUE, ((Number) port).longValue())),
            zoneId, hours);
      } catch (ConfigException e) {
        throw new ConfigException("config key '" + key + "': " + e.getMessage());
      }
      if (!names.add(spec.name())) {
        throw new ConfigException("config key '" + key + ".name': duplicate clock name '" + spec.name() + "'");
      }
      clocks.add(spec);
    }
    return clocks;
  }

  private static <E extends Enum<E>> E parseEnum(JsonObject json, String key, Class<E> type, E defaultValue) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof String s) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s)) {
          return e;
        }
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new ConfigException("config key '" + key + "': " + describe(value) + " is not one of: "
        + String.join(", ", allowed));
  }

  private static long longKey(JsonObject json, String key, long defaultValue, long min, long max) {
    return longKey(json, "", key, defaultValue, min, max);
  }

  /** {@code key} of {@code json}, an object nested at {@code path} ("web."): errors name the key as {@code path + key}. */
  private static long longKey(JsonObject json, String path, String key, long defaultValue, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!isIntegral(value)) {
      throw new ConfigException("config key '" + path + key + "': " + describe(value) + " is not a whole number");
    }
    long v = ((Number) value).longValue();
    if (v < min || v > max) {
      throw new ConfigException("config key '" + path + key + "': " + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
            && !Double.isInfinite(n.doubleValue()));
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + ClockSpec.printable(s) + "\"";
    }
    return ClockSpec.printable(String.valueOf(value));
  }
}
