package io.clockwall.runtime;

import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every config file of every service is read here: JSON, or YAML when its name ends in {@code .yaml} or
 * {@code .yml}, and it must hold one object. Each failure is one line naming the file and the reason.
 */
public final class ConfigFiles {

  private static final Pattern LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

  private ConfigFiles() {
  }

  /** JSON or YAML, by the file name. */
  public static String format(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : "json";
  }

  /** A vertx-config store that follows {@code file} (for hot reload), in its format. */
  public static ConfigStoreOptions store(Path file) {
    return new ConfigStoreOptions().setType("file").setFormat(format(file))
      .setConfig(new JsonObject().put("path", file.toString()));
  }

  /** True when a {@code -conf} value is inline JSON rather than a file name. */
  public static boolean isInlineJson(String value) {
    String stripped = value.strip();
    return stripped.startsWith("{") || stripped.startsWith("[");
  }

  /**
   * A {@code -conf} value: a JSON object string, or the name of a JSON or YAML file. Errors name the option:
   * {@code -conf conf/nope.json: no such file}.
   */
  public static JsonObject readConf(String value) {
    if (isInlineJson(value)) {
      String problem = jsonObjectProblem(Buffer.buffer(value));
      if (problem != null) {
        throw new ConfigException("-conf " + OneLine.printable(value) + ": not a JSON object (" + problem + ")");
      }
      return new JsonObject(value);
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException("-conf " + OneLine.printable(value) + ": neither a file name nor a JSON object");
    }
    return read(path, "-conf " + OneLine.printable(value));
  }

  /** One JSON or YAML object file; errors start with the file's name. */
  public static JsonObject read(Path file) {
    return read(file, OneLine.printable(file.toString()));
  }

  private static JsonObject read(Path file, String shown) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(shown + ": is a directory, not a config file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(shown + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException(shown + ": cannot read (permission denied)");
    } catch (IOException e) {
      throw new ConfigException(shown + ": cannot read (" + OneLine.of(e) + ")");
    }
    if (format(file).equals("yaml")) {
      return yaml(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), shown);
    }
    String problem = jsonObjectProblem(Buffer.buffer(bytes));
    if (problem != null) {
      throw new ConfigException(shown + ": not a JSON object (" + problem + ")");
    }
    return new JsonObject(Buffer.buffer(bytes));
  }

  private static JsonObject yaml(String text, String shown) {
    Object value;
    try {
      value = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
      throw new ConfigException(shown + ": not a YAML object (" + OneLine.printable(message) + ")");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ConfigException(shown + ": not a YAML object (" + (value == null ? "empty" : "a single value") + ")");
    }
    @SuppressWarnings("unchecked")
    JsonObject json = new JsonObject((Map<String, Object>) map);
    // through JSON text, so that nested YAML maps and lists become JsonObject and JsonArray
    return new JsonObject(json.encode());
  }

  /** Null if {@code json} is a JSON object, else why not. */
  private static String jsonObjectProblem(Buffer json) {
    Object value;
    try {
      value = Json.decodeValue(json);
    } catch (DecodeException e) {
      return reason(e);
    }
    if (value instanceof JsonObject) {
      return null;
    }
    return value == null ? "null" : value instanceof JsonArray ? "an array" : "a single value";
  }

  /** Jackson's complaint, shortened to its first clause and where it happened. */
  static String reason(DecodeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Failed to decode:")) {
      message = message.substring("Failed to decode:".length());
    }
    Matcher at = LOCATION.matcher(message);
    String where = null;
    while (at.find()) {
      where = " at line " + at.group(1) + ", column " + at.group(2);
    }
    String what = message.strip().lines().findFirst().orElse("").strip();
    for (String cut : new String[] {" (start marker", ": expected", " at [Source"}) {
      int i = what.indexOf(cut);
      if (i > 0) {
        what = what.substring(0, i);
      }
    }
    return OneLine.printable(what.strip(), 120) + (where == null ? "" : where);
  }
}
