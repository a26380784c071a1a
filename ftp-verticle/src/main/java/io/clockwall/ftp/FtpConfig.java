package io.clockwall.ftp;

import io.clockwall.runtime.EnvOverlay;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The FTP server's config, parsed and validated in one place ({@link #from}); every problem is an
 * {@link FtpConfigException} naming its key. A relative {@code root} is resolved against the process's working
 * directory; the record holds its real path (symbolic links resolved), which the {@link Jail} compares against.
 * {@code passivePortMin}/{@code passivePortMax} are 0 when any free port will do. {@code passiveAddress} is null
 * when PASV should announce the local address the control connection reached. {@code uploadBufferMb} bounds the
 * bytes all uploads of the address hold in memory at once ({@link UploadBudget}).
 */
public record FtpConfig(String host, int port, Path root, boolean anonymous, Map<String, UserAccount> users,
    int passivePortMin, int passivePortMax, String passiveAddress, int maxConnections, int maxConnectionsPerIp,
    int idleTimeoutSeconds, int maxLoginFailures, long loginFailureDelayMs, int uploadBufferMb) {

  public static final Set<String> KEYS = Set.of("host", "port", "root", "anonymous", "users", "passivePorts",
      "passiveAddress", "maxConnections", "maxConnectionsPerIp", "idleTimeoutSeconds", "maxLoginFailures",
      "loginFailureDelayMs", "uploadBufferMb");
  /** The keys the environment may set (all but {@code users}), with their types. */
  private static final Map<String, Class<?>> SCALAR_KEYS = scalarKeys();
  /** The environment variables of the FTP jar: {@code FTP_PORT}, {@code FTP_ROOT}, {@code FTP_MAX_CONNECTIONS}, ... */
  public static final EnvOverlay ENV = envOverlay("FTP_");
  private static final Set<String> USER_KEYS = Set.of("name", "passwordHash", "write");

  public FtpConfig {
    users = Map.copyOf(users);
  }

  /**
   * {@link #ENV} with another prefix: how a deployment file gives each FTP unit variables of its own
   * ({@code FTP_PORT} for a unit named {@code ftp}, {@code FTP_PUBLIC_PORT} for {@code ftp-public}).
   */
  public static EnvOverlay envOverlay(String prefix) {
    return new EnvOverlay(prefix, SCALAR_KEYS);
  }

  private static Map<String, Class<?>> scalarKeys() {
    Map<String, Class<?>> keys = new LinkedHashMap<>();
    for (String key : new String[] {"host", "root", "passivePorts", "passiveAddress"}) {
      keys.put(key, String.class);
    }
    keys.put("anonymous", Boolean.class);
    for (String key : new String[] {"port", "maxConnections", "maxConnectionsPerIp", "idleTimeoutSeconds",
        "maxLoginFailures", "loginFailureDelayMs", "uploadBufferMb"}) {
      keys.put(key, Integer.class);
    }
    return keys;
  }

  /** Parses and validates; touches the file system (the root must be an existing directory): call off the event loop. */
  public static FtpConfig from(JsonObject json) {
    if (json == null) {
      json = new JsonObject();
    }
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new FtpConfigException(key, "unknown key (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    String host = string(json, "host", "localhost");
    if (host.isBlank()) {
      throw new FtpConfigException("host", "must not be empty");
    }
    int port = integer(json, "port", 2121, 0, 65535);
    Path root = root(json);
    boolean anonymous = bool(json, "anonymous", true);
    Map<String, UserAccount> users = users(json);
    int[] passive = passivePorts(json);
    String passiveAddress = passiveAddress(json);
    int maxConnections = integer(json, "maxConnections", 1000, 1, 1_000_000);
    int maxPerIp = integer(json, "maxConnectionsPerIp", 50, 1, 1_000_000);
    int idle = integer(json, "idleTimeoutSeconds", 300, 1, 86_400);
    int maxFailures = integer(json, "maxLoginFailures", 3, 1, 1000);
    int delay = integer(json, "loginFailureDelayMs", 1000, 0, 60_000);
    int uploadBuffer = integer(json, "uploadBufferMb", 64, 1, 65_536);
    return new FtpConfig(host, port, root, anonymous, users, passive[0], passive[1], passiveAddress, maxConnections,
        maxPerIp, idle, maxFailures, delay, uploadBuffer);
  }

  private static Path root(JsonObject json) {
    Object value = json.getValue("root");
    if (value == null) {
      throw new FtpConfigException("root", "required (the directory served)");
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new FtpConfigException("root", "must be a directory path");
    }
    try {
      Path path = Path.of(text).toAbsolutePath().normalize();
      if (!Files.isDirectory(path)) {
        throw new FtpConfigException("root", "not an existing directory: " + path);
      }
      return path.toRealPath();
    } catch (InvalidPathException | IOException e) {
      throw new FtpConfigException("root", "cannot use " + text + ": " + e.getMessage());
    }
  }

  private static Map<String, UserAccount> users(JsonObject json) {
    Object value = json.getValue("users");
    Map<String, UserAccount> users = new LinkedHashMap<>();
    if (value == null) {
      return users;
    }
    if (!(value instanceof JsonArray array)) {
      throw new FtpConfigException("users", "must be an array of {name, passwordHash, write}");
    }
    for (int i = 0; i < array.size(); i++) {
      String where = "users[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject user)) {
        throw new FtpConfigException(where, "must be an object {name, passwordHash, write}");
      }
      for (String key : user.fieldNames()) {
        if (!USER_KEYS.contains(key)) {
          throw new FtpConfigException(where + "." + key, "unknown key (known: name, passwordHash, write)");
        }
      }
      String name = user.getValue("name") instanceof String s ? s : null;
      if (name == null || name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9._@-]+")) {
        throw new FtpConfigException(where + ".name", "must be 1-64 of A-Z a-z 0-9 . _ @ -");
      }
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("anonymous") || lower.equals("ftp")) {
        throw new FtpConfigException(where + ".name", name + " is reserved for anonymous login");
      }
      if (users.containsKey(name)) {
        throw new FtpConfigException(where + ".name", "duplicate user " + name);
      }
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(user.getValue("passwordHash") instanceof String s ? s : null);
      } catch (IllegalArgumentException e) {
        throw new FtpConfigException(where + ".passwordHash", e.getMessage());
      }
      users.put(name, new UserAccount(name, hash, bool(user, "write", false, where + ".write")));
    }
    return users;
  }

  private static int[] passivePorts(JsonObject json) {
    Object value = json.getValue("passivePorts");
    if (value == null) {
      return new int[] {0, 0};
    }
    String text = value instanceof String s ? s.trim() : "";
    String[] parts = text.split("-", -1);
    try {
      if (parts.length == 2) {
        int min = Integer.parseInt(parts[0].trim());
        int max = Integer.parseInt(parts[1].trim());
        if (min >= 1024 && max <= 65535 && min <= max) {
          return new int[] {min, max};
        }
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new FtpConfigException("passivePorts", "must be a range like \"30000-30100\" within 1024-65535, got " + value);
  }

  private static String passiveAddress(JsonObject json) {
    Object value = json.getValue("passiveAddress");
    if (value == null) {
      return null;
    }
    if (value instanceof String s && s.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
      return s;
    }
    throw new FtpConfigException("passiveAddress", "must be an IPv4 address such as 203.0.113.7, got " + value);
  }

  private static String string(JsonObject json, String key, String fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      return s;
    }
    throw new FtpConfigException(key, "must be a string, got " + value);
  }

  private static int integer(JsonObject json, String key, int fallback, int min, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      long v = n.longValue();
      if (v >= min && v <= max) {
        return (int) v;
      }
    }
    throw new FtpConfigException(key, "must be " + min + "-" + max + ", got " + value);
  }

  private static boolean bool(JsonObject json, String key, boolean fallback) {
    return bool(json, key, fallback, key);
  }

  private static boolean bool(JsonObject json, String key, boolean fallback, String name) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new FtpConfigException(name, "must be true or false, got " + value);
  }

  /** True when a passive port range is configured. */
  boolean passiveRange() {
    return passivePortMin > 0;
  }
}
