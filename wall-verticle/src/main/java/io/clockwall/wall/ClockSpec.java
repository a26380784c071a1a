package io.clockwall.wall;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * One clock of the wall: the column name, the address of its clock server, and optionally its zone and working hours.
 *
 * @param name      column name: 1 to 32 characters of {@code A-Z a-z 0-9 _ . + -}
 * @param host      host name or address of the clock server
 * @param port      TCP port of the clock server, 1..65535
 * @param zone      the clock's IANA zone, or null: then its UTC offset is inferred from its labels
 * @param workHours the clock's own working hours, or null (the wall's, if any, apply)
 */
public record ClockSpec(String name, String host, int port, ZoneId zone, WorkHours workHours) {

  public ClockSpec(String name, String host, int port) {
    this(name, host, port, null, null);
  }

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,32}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:%-]{1,253}");

  public ClockSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException("clock name '" + printable(name)
          + "' must be 1 to 32 characters of A-Z a-z 0-9 _ . + -");
    }
    if (host == null || !HOST.matcher(host).matches()) {
      throw new ConfigException("clock " + name + ": host '" + printable(host) + "' is not a host name or address");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException("clock " + name + ": port " + port + " is outside 1..65535");
    }
  }

  /**
   * An IANA zone id ({@code America/New_York}, {@code UTC}); fixed offsets such as {@code +05:00} and unknown ids are
   * a {@link ConfigException}.
   */
  public static ZoneId zone(String id) {
    if (id != null && !id.isEmpty() && ZoneId.getAvailableZoneIds().contains(id)) {
      try {
        ZoneId zone = ZoneId.of(id);
        if (!(zone instanceof ZoneOffset)) {
          return zone;
        }
      } catch (DateTimeException e) {
        // refused below
      }
    }
    throw new ConfigException("unknown zone '" + printable(String.valueOf(id))
        + "' (an IANA zone id such as America/New_York, Europe/London or UTC)");
  }

  /**
   * Parses the command-line form of the Go exercise: {@code NewYork=localhost:8010}, optionally with the clock's
   * zone after a slash: {@code NewYork=localhost:8010/America/New_York}. IPv6 addresses go in brackets:
   * {@code Here=[::1]:8000}.
   */
  public static ClockSpec parse(String argument) {
    int eq = argument.indexOf('=');
    if (eq < 0) {
      throw new ConfigException("clock argument '" + printable(argument) + "' has no '=' (expected Name=host:port)");
    }
    String name = argument.substring(0, eq);
    String address = argument.substring(eq + 1);
    ZoneId zone = null;
    int slash = address.indexOf('/');
    if (slash >= 0) {
      try {
        zone = zone(address.substring(slash + 1));
      } catch (ConfigException e) {
        throw new ConfigException("clock argument '" + printable(argument) + "': " + e.getMessage());
      }
      address = address.substring(0, slash);
    }
    String host;
    String portText;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
        throw new ConfigException("clock argument '" + printable(argument) + "': expected Name=[v6-address]:port");
      }
      host = address.substring(1, close);
      portText = address.substring(close + 2);
    } else {
      int colon = address.lastIndexOf(':');
      if (colon < 0) {
        throw new ConfigException("clock argument '" + printable(argument) + "' has no ':port' (expected Name=host:port)");
      }
      host = address.substring(0, colon);
      portText = address.substring(colon + 1);
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new ConfigException("clock argument '" + printable(argument) + "': port '" + printable(portText)
          + "' is not a number in 1..65535");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException("clock argument '" + printable(argument) + "': port " + port + " is outside 1..65535");
    }
    return new ClockSpec(name, host, port, zone, null);
  }

  /** Makes user input safe to echo in an error line (no control characters reach the terminal). */
  static String printable(String s) {
    return io.clockwall.runtime.OneLine.printable(s);
  }
}
