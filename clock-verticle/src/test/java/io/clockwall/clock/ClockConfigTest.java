package io.clockwall.clock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(VertxExtension.class)
class ClockConfigTest {

  private static final Map<String, String> NO_ENV = Map.of();

  /** The config as the clock's jar builds it: {@code env} over {@code conf} over the defaults, validated. */
  private static Future<ClockConfig> load(JsonObject conf, Map<String, String> env) {
    try {
      return Future.succeededFuture(ClockConfig.from(ClockMain.layered(conf, env)));
    } catch (io.clockwall.runtime.ConfigException e) {
      return Future.failedFuture(e);
    }
  }

  @Test
  void defaultsAreClock2s(Vertx vertx, VertxTestContext ctx) {
    load(new JsonObject(), NO_ENV).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals("localhost", config.host());
      assertEquals(8000, config.port());
      assertEquals(ZoneId.systemDefault(), config.zone());
      assertEquals("HH:mm:ss", config.format());
      assertEquals(10, config.maxSkippedTicks());
      assertEquals(8192, config.writeQueueBytes());
      assertEquals(ClockConfig.defaultMaxConnections(), config.maxConnections());
      ctx.completeNow();
    })));
  }

  @Test
  void defaultMaxConnectionsStaysBelowTheOpenFileLimit() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long limit = ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
    // 5% of the limit (at least 100) stays free: 19,000 for the 20,000 of these machines.
    assertEquals(limit - Math.max(100, limit / 20), ClockConfig.defaultMaxConnections(), "open-file limit " + limit);
  }

  @Test
  void deploymentConfigOverridesDefaultsAndEnvironmentOverridesBoth(Vertx vertx, VertxTestContext ctx) {
    JsonObject conf = new JsonObject().put("port", 9000).put("zone", "Asia/Tokyo").put("format", "HH:mm")
      .put("maxSkippedTicks", 4);
    Map<String, String> env = Map.of("CLOCK_PORT", "9001", "CLOCK_ZONE", "Europe/London",
      "CLOCK_MAX_CONNECTIONS", " 42 ", "CLOCK_WRITE_QUEUE_BYTES", "1024", "CLOCK_HOST", "127.0.0.1",
      "TZ", "Asia/Kolkata", "UNRELATED", "x");
    load(conf, env).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals(new ClockConfig("127.0.0.1", 9001, ZoneId.of("Europe/London"), "HH:mm", 42, 4, 1024, false), config);
      ctx.completeNow();
    })));
  }

  @Test
  void environmentFormatAndSkippedTicks(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = Map.of("CLOCK_FORMAT", "HH:mm:ss.SSS", "CLOCK_MAX_SKIPPED_TICKS", "2");
    load(new JsonObject(), env).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals("HH:mm:ss.SSS", config.format());
      assertEquals(2, config.maxSkippedTicks());
      ctx.completeNow();
    })));
  }

  @Test
  void zoneFallsBackToTzThenToTheSystemDefault(Vertx vertx, VertxTestContext ctx) {
    var checkpoint = ctx.checkpoint(3);
    load(new JsonObject(), Map.of("TZ", "Asia/Kolkata"))
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(ZoneId.of("Asia/Kolkata"), config.zone());
        checkpoint.flag();
      })));
    load(new JsonObject().put("zone", "UTC"), Map.of("TZ", "Asia/Kolkata"))
      .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
        assertEquals(ZoneId.of("UTC"), config.zone(), "the zone key wins over TZ");
        checkpoint.flag();
      })));
    load(new JsonObject(), NO_ENV).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals(ZoneId.systemDefault(), config.zone());
      checkpoint.flag();
    })));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "US/Eastern           | US/Eastern",
    "Asia/Kolkata         | Asia/Kolkata",
    ":Asia/Tokyo          | Asia/Tokyo",
    "UTC                  | UTC",
    "/usr/share/zoneinfo/Europe/Paris | Europe/Paris",
  })
  void tzIsReadAsGoReadsIt(String tz, String zone) {
    assertEquals(ZoneId.of(zone), ClockMain.zoneFromTz(tz));
  }

  @Test
  void anEmptyTzMeansUtcAsInGo() {
    assertEquals(ZoneOffset.UTC, ClockMain.zoneFromTz(""));
    assertEquals(ZoneOffset.UTC, ClockMain.zoneFromTz(":"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "{\"port\":70000}                | invalid config: port=70000 (must be 0..65535)",
    "{\"port\":-1}                   | invalid config: port=-1 (must be 0..65535)",
    "{\"port\":\"abc\"}              | invalid config: port=\"abc\" (must be an integer)",
    "{\"port\":80.5}                 | invalid config: port=80.5 (must be an integer)",
    "{\"port\":99999999999}          | invalid config: port=99999999999 (must be 0..65535)",
    "{\"zone\":\"Mars/Base\"}        | invalid config: zone=\"Mars/Base\" (unknown time zone)",
    "{\"zone\":7}                    | invalid config: zone=7 (must be a string)",
    "{\"format\":\"HH:mm:bb\"}       | invalid config: format=\"HH:mm:bb\" (bad pattern: Unknown pattern letter: b)",
    "{\"format\":\"\"}               | invalid config: format=\"\" (must not be empty)",
    "{\"host\":\"\"}                 | invalid config: host=\"\" (must not be empty)",
    "{\"host\":null}                 | invalid config: host=null (must be a string)",
    "{\"maxConnections\":0}          | invalid config: maxConnections=0 (must be at least 1)",
    "{\"maxSkippedTicks\":0}         | invalid config: maxSkippedTicks=0 (must be at least 1)",
    "{\"writeQueueBytes\":-5}        | invalid config: writeQueueBytes=-5 (must be at least 1)",
    "{\"reusePort\":\"yes\"}        | invalid config: reusePort=\"yes\" (must be true or false)",
    "{\"prot\":8000}                 | invalid config: unknown key \"prot\" (known keys: host, port, zone, format, maxConnections, maxSkippedTicks, writeQueueBytes, reusePort)",
  })
  void eachBadValueIsOneLineNamingKeyAndValue(String json, String message, Vertx vertx, VertxTestContext ctx) {
    load(new JsonObject(json), NO_ENV).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertInstanceOf(ClockConfigException.class, e);
      assertEquals(message, e.getMessage());
      ctx.completeNow();
    })));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "CLOCK_PORT              | abc       | invalid config: CLOCK_PORT=\"abc\" (must be an integer)",
    "CLOCK_PORT              | 70000     | invalid config: port=70000 (must be 0..65535)",
    "CLOCK_MAX_CONNECTIONS   | many      | invalid config: CLOCK_MAX_CONNECTIONS=\"many\" (must be an integer)",
    "CLOCK_ZONE              | Mars/Base | invalid config: zone=\"Mars/Base\" (unknown time zone)",
    "CLOCK_REUSE_PORT        | yes       | invalid config: CLOCK_REUSE_PORT=\"yes\" (must be true or false)",
    "TZ                      | Mars/Base | invalid config: TZ=\"Mars/Base\" (unknown time zone)",
  })
  void badEnvironmentValuesAreNamedToo(String var, String value, String message, Vertx vertx, VertxTestContext ctx) {
    load(new JsonObject(), Map.of(var, value)).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertEquals(message, e.getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void aConfigCannotBeBuiltInvalid() {
    var e = assertThrows(ClockConfigException.class,
      () -> new ClockConfig("localhost", 8000, ZoneOffset.UTC, "HH:mm:ss", 10, 0, 8192, false));
    assertEquals("invalid config: maxSkippedTicks=0 (must be at least 1)", e.getMessage());
  }
}
