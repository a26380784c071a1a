package io.clockwall.ftp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals: parsing PORT/EPRT hosts and comparing addresses without ever doing a DNS look-up. */
final class Addresses {

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private Addresses() {
  }

  /** The address of an IPv4 or IPv6 literal; null when {@code text} is not one (never resolves a name). */
  static InetAddress literal(String text) {
    if (text == null || !(IPV4.matcher(text).matches() || (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()))) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True when both literals name the same address (an IPv4-mapped IPv6 address equals its IPv4 form). */
  static boolean same(String a, String b) {
    InetAddress x = literal(a);
    InetAddress y = literal(b);
    return x != null && x.equals(y);
  }

  /** True for an IPv4 literal. */
  static boolean isIpv4(String text) {
    return text != null && IPV4.matcher(text).matches();
  }
}
