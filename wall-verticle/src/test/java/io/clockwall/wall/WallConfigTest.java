package io.clockwall.wall;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WallConfigTest {

  @Test
  void defaultsAndOrderKept() {
    WallConfig c = WallConfig.fromJson(new JsonObject("""
        {"clocks": [{"name": "Tokyo", "host": "tokyo", "port": 8030},
                    {"name": "NewYork", "port": 8010}]}"""));
    assertEquals(List.of(new ClockSpec("Tokyo", "tokyo", 8030), new ClockSpec("NewYork", "localhost", 8010)),
        c.clocks());
    assertEquals(WallConfig.Sort.CONFIG, c.sort());
    assertEquals(WallConfig.Tty.AUTO, c.tty());
    assertEquals(new ClockTimings(1500, 5000, 3000, 250, 5000, 64), c.timings());
    assertEquals(900, c.rowDeadlineMs());
    assertEquals(1000, c.scanPeriodMs());
    assertEquals(null, c.configFile());
  }

  @Test
  void everyKeyIsRead() {
    WallConfig c = WallConfig.fromJson(new JsonObject("""
        {"clocks": [{"name": "A", "host": "::1", "port": 1}], "sort": "Offset", "tty": "never",
         "staleAfterMs": 1000, "hungAfterMs": 3000, "connectTimeoutMs": 500, "backoffInitialMs": 100,
         "backoffMaxMs": 800, "maxLineLength": 16, "rowDeadlineMs": 300, "scanPeriodMs": 250,
         "configFile": "/etc/wall.json"}"""));
    assertEquals(WallConfig.Sort.OFFSET, c.sort());
    assertEquals(WallConfig.Tty.NEVER, c.tty());
    assertEquals(new ClockTimings(1000, 3000, 500, 100, 800, 16), c.timings());
    assertEquals(300, c.rowDeadlineMs());
    assertEquals(250, c.scanPeriodMs());
    assertEquals("/etc/wall.json", c.configFile());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {}                                                        | no clocks: give Name=host:port arguments or config key 'clocks' ([{"name":..., "host":..., "port":...}])
      {"clocks": []}                                            | config key 'clocks': the list is empty; the wall needs at least one clock
      {"clocks": "A=x:1"}                                       | config key 'clocks': "A=x:1" is not an array
      {"clocks": [1]}                                           | config key 'clocks[0]': 1 is not an object {"name":..., "host":..., "port":...}
      {"clocks": [{"name": "A", "port": 70000}]}                | config key 'clocks[0]': clock A: port 70000 is outside 1..65535
      {"clocks": [{"name": "A", "port": "80"}]}                 | config key 'clocks[0].port': "80" is not a port number
      {"clocks": [{"name": "A"}]}                               | config key 'clocks[0].port': null is not a port number
      {"clocks": [{"port": 1}]}                                 | config key 'clocks[0].name': null is not a string
      {"clocks": [{"name": "New York", "port": 1}]}             | config key 'clocks[0]': clock name 'New York' must be 1 to 32 characters of A-Z a-z 0-9 _ . + -
      {"clocks": [{"name": "A", "port": 1, "tz": "UTC"}]}       | config key 'clocks[0].tz' is unknown (known keys: name, host, port, zone, workHours)
      {"clocks": [{"name": "A", "port": 1, "zone": "Mars/Olympus"}]} | config key 'clocks[0].zone': unknown zone 'Mars/Olympus' (an IANA zone id such as America/New_York, Europe/London or UTC)
      {"clocks": [{"name": "A", "port": 1, "zone": "+05:00"}]}  | config key 'clocks[0].zone': unknown zone '+05:00' (an IANA zone id such as America/New_York, Europe/London or UTC)
      {"clocks": [{"name": "A", "port": 1, "zone": 5}]}         | config key 'clocks[0].zone': 5 is not a zone id string
      {"clocks": [{"name": "A", "port": 1, "workHours": "9-18"}]} | config key 'clocks[0].workHours': working hours '9-18' are not HH:MM-HH:MM (e.g. 09:00-18:00)
      {"clocks": [{"name": "A", "port": 1}], "workHours": "09:00-25:00"} | config key 'workHours': working hours '09:00-25:00': 25:00 is not a time of day
      {"clocks": [{"name": "A", "port": 1}], "workHours": "09:00-09:00"} | config key 'workHours': working hours 09:00-09:00 are empty (start equals end)
      {"clocks": [{"name": "A", "port": 1}], "hours": 13}       | config key 'hours': 13 is not 12 or 24
      {"clocks": [{"name": "A", "port": 1}], "hours": "12"}     | config key 'hours': "12" is not 12 or 24
      {"clocks": [{"name": "A", "port": 1}, {"name": "A", "port": 2}]} | config key 'clocks[1].name': duplicate clock name 'A'
      {"clocks": [{"name": "A", "port": 1}], "sort": "zone"}    | config key 'sort': "zone" is not one of: config, name, offset
      {"clocks": [{"name": "A", "port": 1}], "tty": true}       | config key 'tty': true is not one of: auto, always, never
      {"clocks": [{"name": "A", "port": 1}], "staleAfterMs": 1.5} | config key 'staleAfterMs': 1.5 is not a whole number
      {"clocks": [{"name": "A", "port": 1}], "hungAfterMs": 1000} | config key 'hungAfterMs': 1000 must be greater than staleAfterMs (1500)
      {"clocks": [{"name": "A", "port": 1}], "maxLineLength": 1} | config key 'maxLineLength': 1 is outside 8..4096
      {"clocks": [{"name": "A", "port": 1}], "colour": "red"}   | unknown config key 'colour' (known keys: clocks, sort, tty, staleAfterMs, hungAfterMs, connectTimeoutMs, backoffInitialMs, backoffMaxMs, maxLineLength, rowDeadlineMs, scanPeriodMs, configFile, output, web, hours, workHours)
      """)
  void badConfigIsOneLineNamingTheKeyAndTheValue(String json, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> WallConfig.fromJson(new JsonObject(json)));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      NewYork=localhost:8010   | NewYork | localhost | 8010
      Tokyo=10.0.0.3:8030      | Tokyo   | 10.0.0.3  | 8030
      Here=[::1]:8000          | Here    | ::1       | 8000
      """)
  void clockArguments(String argument, String name, String host, int port) {
    assertEquals(new ClockSpec(name, host, port), ClockSpec.parse(argument));
  }

  @Test
  void aClockArgumentMayNameItsZoneAndTheConfigItsZoneAndWorkingHours() {
    assertEquals(new ClockSpec("NewYork", "localhost", 8010, java.time.ZoneId.of("America/New_York"), null),
        ClockSpec.parse("NewYork=localhost:8010/America/New_York"));
    assertEquals(new ClockSpec("Here", "::1", 8000, java.time.ZoneId.of("UTC"), null),
        ClockSpec.parse("Here=[::1]:8000/UTC"));
    ConfigException e = assertThrows(ConfigException.class, () -> ClockSpec.parse("NY=localhost:8010/America/Nowhere"));
    assertEquals("clock argument 'NY=localhost:8010/America/Nowhere': unknown zone 'America/Nowhere' (an IANA zone id"
        + " such as America/New_York, Europe/London or UTC)", e.getMessage());
    WallConfig c = WallConfig.fromJson(new JsonObject("""
        {"clocks": [{"name": "Tokyo", "port": 8030, "zone": "Asia/Tokyo", "workHours": "22:00-06:00"},
                    {"name": "UTC", "port": 8000}], "hours": 12, "workHours": "09:00-17:30"}"""));
    assertEquals(java.time.ZoneId.of("Asia/Tokyo"), c.clocks().get(0).zone());
    assertEquals("22:00-06:00", c.clocks().get(0).workHours().toString());
    assertEquals(null, c.clocks().get(1).zone());
    assertEquals(12, c.hours());
    assertEquals("09:00-17:30", c.workHours().toString());
    assertEquals(24, WallConfig.fromJson(new JsonObject("{\"clocks\": [{\"name\": \"A\", \"port\": 1}]}")).hours());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      NewYork                  | clock argument 'NewYork' has no '=' (expected Name=host:port)
      NewYork=localhost        | clock argument 'NewYork=localhost' has no ':port' (expected Name=host:port)
      NewYork=localhost:http   | clock argument 'NewYork=localhost:http': port 'http' is not a number in 1..65535
      NewYork=localhost:0      | clock argument 'NewYork=localhost:0': port 0 is outside 1..65535
      =localhost:8010          | clock name '' must be 1 to 32 characters of A-Z a-z 0-9 _ . + -
      NewYork=:8010            | clock NewYork: host '' is not a host name or address
      """)
  void badClockArguments(String argument, String message) {
    assertEquals(message, assertThrows(ConfigException.class, () -> ClockSpec.parse(argument)).getMessage());
  }

  @Test
  void outputAndWebKeys() {
    JsonObject clocks = new JsonObject("{\"clocks\": [{\"name\": \"A\", \"port\": 1}]}");
    WallConfig plain = WallConfig.fromJson(clocks);
    assertEquals(WallConfig.Output.TABLE, plain.output());
    assertEquals(WallConfig.Web.OFF, plain.web());
    WallConfig c = WallConfig.fromJson(clocks.copy().put("output", "JSON")
        .put("web", new JsonObject().put("port", 8080).put("host", "0.0.0.0")));
    assertEquals(WallConfig.Output.JSON, c.output());
    assertEquals(new WallConfig.Web(8080, "0.0.0.0", 60), c.web());
    assertEquals(new WallConfig.Web(0, "127.0.0.1", 60),
        WallConfig.fromJson(clocks.copy().put("web", new JsonObject().put("port", 0))).web());
    assertEquals(new WallConfig.Web(0, "127.0.0.1", 5), WallConfig.fromJson(clocks.copy()
        .put("web", new JsonObject().put("port", 0).put("idleTimeoutSeconds", 5))).web());
    for (Object[] bad : new Object[][] {
        {"output", "yaml", "config key 'output': \"yaml\" is not one of: table, json"},
        {"web", 8080, "config key 'web': 8080 is not an object"},
        {"web", new JsonObject().put("port", 70000), "config key 'web.port': 70000 is outside 0..65535"},
        {"web", new JsonObject().put("prot", 1), "config key 'web.prot' is unknown"},
        {"web", new JsonObject().put("port", 1).put("idleTimeoutSeconds", 0),
            "config key 'web.idleTimeoutSeconds': 0 is outside 1..3600"},
        {"web", new JsonObject().put("port", 1).put("idleTimeoutSeconds", "soon"), "config key 'web.idleTimeoutSeconds'"},
        {"web", new JsonObject().put("port", 1).put("host", ""), "config key 'web.host'"}}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> WallConfig.fromJson(clocks.copy().put((String) bad[0], bad[1])));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith((String) bad[2]), e.getMessage());
    }
  }
}
