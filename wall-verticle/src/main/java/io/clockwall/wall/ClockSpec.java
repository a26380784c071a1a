package io.clockwall.wall;

import java.util.regex.Pattern;

/**
 * One clock of the wall: the column name and the address of its clock server.
 *
 * @param name column name: 1 to 32 characters of {@code A-Z a-z 0-9 _ . + -}
 * @param host host name or address of the clock server
 * @param port TCP port of the clock server, 1..65535
 */
public record ClockSpec(String name, String host, int port) {

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
   * Parses the command-line form of the Go exercise: {@code NewYork=localhost:8010}. IPv6 addresses go in
   * brackets: {@code Here=[::1]:8000}.
   */
  public static ClockSpec parse(String argument) {
    int eq = argument.indexOf('=');
    if (eq < 0) {
      throw new ConfigException("clock argument '" + printable(argument) + "' has no '=' (expected Name=host:port)");
    }
    String name = argument.substring(0, eq);
    String address = argument.substring(eq + 1);
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
    return new ClockSpec(name, host, port);
  }

  /** Makes user input safe to echo in an error line (no control characters reach the terminal). */
  static String printable(String s) {
    return io.clockwall.runtime.OneLine.printable(s);
  }
}
