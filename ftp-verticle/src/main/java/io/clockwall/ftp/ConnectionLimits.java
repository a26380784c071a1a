package io.clockwall.ftp;

import java.util.HashMap;
import java.util.Map;

/** Counts open control connections, in total and per client address, against maxConnections and maxConnectionsPerIp. */
final class ConnectionLimits {

  private final int max;
  private final int maxPerIp;
  private final Map<String, Integer> perIp = new HashMap<>();
  private int total;

  ConnectionLimits(int max, int maxPerIp) {
    this.max = max;
    this.maxPerIp = maxPerIp;
  }

  /** Takes a slot for {@code ip}; null when granted, else the reason for the 421. */
  synchronized String acquire(String ip) {
    if (total >= max) {
      return "Too many connections; try again later.";
    }
    int mine = perIp.getOrDefault(ip, 0);
    if (mine >= maxPerIp) {
      return "Too many connections from your address.";
    }
    total++;
    perIp.put(ip, mine + 1);
    return null;
  }

  synchronized void release(String ip) {
    total--;
    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  synchronized int total() {
    return total;
  }
}
