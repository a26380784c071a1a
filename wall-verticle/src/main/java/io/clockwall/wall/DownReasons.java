package io.clockwall.wall;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Why a clock is down, in a user's words, from the exception of a failed connect or a broken connection. */
final class DownReasons {

  private DownReasons() {
  }

  static String ofConnect(Throwable e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof UnknownHostException || message.contains("failed to resolve")
        || message.contains("unknown host") || message.contains("nxdomain")) {
      return "host name does not resolve";
    }
    if (message.contains("refused")) {
      return "connection refused";
    }
    if (message.contains("timed out") || message.contains("timeout")) {
      return "connect timed out";
    }
    if (e instanceof NoRouteToHostException || message.contains("no route") || message.contains("unreachable")) {
      return "host unreachable";
    }
    if (e instanceof ConnectException) {
      return "cannot connect: " + ClockSpec.printable(e.getMessage());
    }
    return "cannot connect: " + ClockSpec.printable(String.valueOf(e.getMessage()));
  }

  static String ofConnection(Throwable e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("reset")) {
      return "connection reset by the server";
    }
    return "connection broken: " + ClockSpec.printable(String.valueOf(e.getMessage()));
  }
}
