package io.clockwall.clock;

import io.clockwall.runtime.EnvOverlay;
import io.clockwall.runtime.OneLine;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The clock's settings, parsed and validated in this one place.
 *
 * <p>Layers, lowest first: built-in {@link #defaults()}, then the deployment config. The clock's jar lays the
 * {@code CLOCK_*} environment variables ({@link #ENV}) and {@code TZ} over {@code -conf} before the config gets
 * here ({@link ClockMain}); a deployment file gives each clock a prefix of its own. Without {@code zone}, the
 * system default zone.
 *
 * @param host            address to listen on
 * @param port            TCP port; 0 picks a free one
 * @param zone            time zone of the labels
 * @param format          java.time pattern of one line (without the trailing newline)
 * @param maxConnections  clients served at once by this port, across all instances; more are closed at once
 * @param maxSkippedTicks consecutive ticks a client may miss (write queue full) before it is closed
 * @param writeQueueBytes per-client bound on bytes queued in the server
 * @param reusePort       bind with SO_REUSEPORT, so that several clock processes can share one port and the kernel
 *                        spreads clients between them (needs a native transport: io_uring or epoll)
 */
public record ClockConfig(String host, int port, ZoneId zone, String format, int maxConnections,
                          int maxSkippedTicks, int writeQueueBytes, boolean reusePort) {

  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String ZONE = "zone";
  public static final String FORMAT = "format";
  public static final String MAX_CONNECTIONS = "maxConnections";
  public static final String MAX_SKIPPED_TICKS = "maxSkippedTicks";
  public static final String WRITE_QUEUE_BYTES = "writeQueueBytes";
  public static final String REUSE_PORT = "reusePort";

  /** Every key the clock understands, in documentation order. */
  public static final List<String> KEYS =
    List.of(HOST, PORT, ZONE, FORMAT, MAX_CONNECTIONS, MAX_SKIPPED_TICKS, WRITE_QUEUE_BYTES, REUSE_PORT);

  /** The environment variables of the clock's jar: {@code CLOCK_PORT}, {@code CLOCK_MAX_CONNECTIONS}, ... */
  public static final EnvOverlay ENV = envOverlay("CLOCK_");

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 8000;
  public static final String DEFAULT_FORMAT = "HH:mm:ss";
  public static final int DEFAULT_MAX_SKIPPED_TICKS = 10;
  public static final int DEFAULT_WRITE_QUEUE_BYTES = 8 * 1024;
  /**
   * File descriptors kept free for logs, jars, the event loops, refusing connections over the limit and anything
   * else the process opens: 5% of the open-file limit, at least this many.
   */
  static final int FD_RESERVE = 100;
  /** Used when the process's open-file limit cannot be read. */
  static final int FALLBACK_MAX_CONNECTIONS = 10_000;

  public ClockConfig {
    // A config is only ever built validated, however it is built.
    java.util.Objects.requireNonNull(host, HOST);
    java.util.Objects.requireNonNull(zone, ZONE);
    checkRange(PORT, port, 0, 65_535);
    checkAtLeast(MAX_CONNECTIONS, maxConnections, 1);
    checkAtLeast(MAX_SKIPPED_TICKS, maxSkippedTicks, 1);
    checkAtLeast(WRITE_QUEUE_BYTES, writeQueueBytes, 1);
    formatter(format, zone);
  }

  /** The line formatter: the pattern in the zone, English-independent names, as Go prints them. */
  public DateTimeFormatter formatter() {
    return formatter(format, zone);
  }

  /**
   * Validates a deployment config laid over the {@link #defaults()}. Throws a {@link ClockConfigException} whose
   * message is one line naming the key and the value.
   */
  public static ClockConfig from(JsonObject conf) {
    JsonObject json = conf == null ? new JsonObject() : conf;
    checkKnownKeys(json);
    return parse(defaults().mergeIn(json));
  }

  /** {@link #ENV} with another prefix: how a deployment file gives each clock variables of its own. */
  public static EnvOverlay envOverlay(String prefix) {
    Map<String, Class<?>> types = new LinkedHashMap<>();
    KEYS.forEach(key -> types.put(key, switch (key) {
      case HOST, ZONE, FORMAT -> String.class;
      case REUSE_PORT -> Boolean.class;
      default -> Integer.class;
    }));
    return new EnvOverlay(prefix, types);
  }

  /** Built-in defaults (every key but {@code zone}, which falls back to {@code TZ}). */
  public static JsonObject defaults() {
    return new JsonObject()
      .put(HOST, DEFAULT_HOST)
      .put(PORT, DEFAULT_PORT)
      .put(FORMAT, DEFAULT_FORMAT)
      .put(MAX_CONNECTIONS, defaultMaxConnections())
      .put(MAX_SKIPPED_TICKS, DEFAULT_MAX_SKIPPED_TICKS)
      .put(WRITE_QUEUE_BYTES, DEFAULT_WRITE_QUEUE_BYTES)
      .put(REUSE_PORT, false);
  }

  /** The open-file limit of this process minus a reserve (19,000 for 20,000), or 10,000 when it is unknown. */
  public static int defaultMaxConnections() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long limit = unix.getMaxFileDescriptorCount();
      // The reserve grows with the limit: at 19,900 of 20,000 descriptors the accepts of connections to refuse
      // hit EMFILE (measured with clock-bench), so that they wait in the accept queue instead of being refused.
      long reserve = Math.max(FD_RESERVE, limit / 20);
      if (limit > 2 * reserve) {
        return (int) Math.min(Integer.MAX_VALUE, limit - reserve);
      }
    }
    return FALLBACK_MAX_CONNECTIONS;
  }

  /** Rejects keys the clock does not know (typos would otherwise be silently ignored). */
  static void checkKnownKeys(JsonObject conf) {
    for (String key : conf.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ClockConfigException("invalid config: unknown key " + ClockConfigException.show(key)
          + " (known keys: " + String.join(", ", KEYS) + ")");
      }
    }
  }

  private static ClockConfig parse(JsonObject json) {
    String host = string(json, HOST);
    if (host.isBlank()) {
      throw ClockConfigException.invalid(HOST, host, "must not be empty");
    }
    ZoneId zone = json.getValue(ZONE) != null ? zone(ZONE, string(json, ZONE)) : ZoneId.systemDefault();
    String format = string(json, FORMAT);
    return new ClockConfig(host, integer(json, PORT), zone, format, integer(json, MAX_CONNECTIONS),
      integer(json, MAX_SKIPPED_TICKS), integer(json, WRITE_QUEUE_BYTES), bool(json, REUSE_PORT));
  }

  private static ZoneId zone(String key, String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw ClockConfigException.invalid(key, id, "unknown time zone");
    }
  }

  private static DateTimeFormatter formatter(String format, ZoneId zone) {
    if (format == null || format.isEmpty()) {
      throw ClockConfigException.invalid(FORMAT, format, "must not be empty");
    }
    DateTimeFormatter formatter;
    try {
      formatter = DateTimeFormatter.ofPattern(format, Locale.ROOT).withZone(zone);
    } catch (IllegalArgumentException e) {
      throw ClockConfigException.invalid(FORMAT, format, "bad pattern: " + OneLine.of(e));
    }
    try {
      // Some patterns parse but cannot print an instant (e.g. week-based fields on a bad chronology).
      formatter.format(Instant.EPOCH);
    } catch (DateTimeException e) {
      throw ClockConfigException.invalid(FORMAT, format, "cannot format a time: " + OneLine.of(e));
    }
    if (format.indexOf('\n') >= 0 || format.indexOf('\r') >= 0) {
      throw ClockConfigException.invalid(FORMAT, format, "must not contain a line break");
    }
    return formatter;
  }

  private static String string(JsonObject json, String key) {
    return typed(json, key, String.class, "must be a string");
  }

  private static boolean bool(JsonObject json, String key) {
    return typed(json, key, Boolean.class, "must be true or false");
  }

  /** The value of {@code key} if it has the JSON type wanted, else the one-line error {@code why}. */
  private static <T> T typed(JsonObject json, String key, Class<T> type, String why) {
    Object value = json.getValue(key);
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    throw ClockConfigException.invalid(key, value, why);
  }

  private static int integer(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof Long l) {
      // Out of int range: let the range check name the value.
      if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
        throw ClockConfigException.invalid(key, l, PORT.equals(key) ? "must be 0..65535" : "out of range");
      }
      return l.intValue();
    }
    throw ClockConfigException.invalid(key, value, "must be an integer");
  }


  private static void checkRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw ClockConfigException.invalid(key, value, "must be " + min + ".." + max);
    }
  }

  private static void checkAtLeast(String key, int value, int min) {
    if (value < min) {
      throw ClockConfigException.invalid(key, value, "must be at least " + min);
    }
  }
}
