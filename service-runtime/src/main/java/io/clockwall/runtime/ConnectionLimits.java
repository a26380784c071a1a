package io.clockwall.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts a server's open connections, in total and per client address, against its limits (the FTP server's
 * {@code maxConnections} and {@code maxConnectionsPerIp}, the admin endpoint's); any thread.
 */
public final class ConnectionLimits {

  private final int max;
  private final int maxPerIp;
  private final Map<String, Integer> perIp = new HashMap<>();
  private int total;

  public ConnectionLimits(int max, int maxPerIp) {
    this.max = max;
    this.maxPerIp = maxPerIp;
  }

  /** Takes a slot for {@code ip}; null when granted, else why not, in words a client may be told (FTP's 421). */
  public synchronized String acquire(String ip) {
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

  public synchronized void release(String ip) {
    total--;
    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  public synchronized int total() {
    return total;
  }
}
