package io.clockwall.ftp;

import io.vertx.core.Future;

import java.util.Map;

/**
 * PASV, EPSV (RFC 2428), PORT and EPRT (RFC 2428): where the next data connection comes from. PORT/EPRT may only
 * name the client's own address and a port of 1024 or above, so the server cannot be used to reach a third host or a
 * privileged service (the FTP bounce attack); a passive listener only takes a connection from the client's address.
 */
final class DataCommands {

  private final FtpSession session;

  DataCommands(FtpSession session) {
    this.session = session;
  }

  void register(Map<String, Command> commands) {
    commands.put("PASV", a -> passive(false, a));
    commands.put("EPSV", a -> passive(true, a));
    commands.put("PORT", this::port);
    commands.put("EPRT", this::eprt);
  }

  private Future<Void> passive(boolean extended, String argument) {
    FtpServices services = session.services;
    String announced = services.config.passiveAddress() != null ? services.config.passiveAddress() : session.localHost;
    boolean ipv4 = Addresses.isIpv4(session.localHost);
    if (extended) {
      String a = argument.trim();
      if (a.equalsIgnoreCase("ALL")) {
        session.reply(200, "EPSV ALL ok.");
        return Future.succeededFuture();
      }
      if (!a.isEmpty() && !a.equals(ipv4 ? "1" : "2")) {
        throw new FtpException(522, "Network protocol not supported, use (" + (ipv4 ? "1" : "2") + ").");
      }
    } else if (!Addresses.isIpv4(announced)) {
      throw new FtpException(425, "PASV needs IPv4; use EPSV.");
    }
    session.closeData();
    return PassiveListener.open(session.vertx, services.passivePorts, session.localHost, session.clientHost,
        services.refusedData).map(listener -> {
          if (session.data != null) {
            session.data.close();
          }
          session.data = listener;
          int port = listener.port();
          if (extended) {
            session.reply(229, "Entering Extended Passive Mode (|||" + port + "|).");
          } else {
            session.reply(227, "Entering Passive Mode (" + announced.replace('.', ',') + "," + (port >> 8) + ","
                + (port & 0xFF) + ").");
          }
          return null;
        });
  }

  private Future<Void> port(String argument) {
    String[] parts = argument.trim().split(",");
    if (parts.length != 6) {
      throw new FtpException(501, "Syntax: PORT h1,h2,h3,h4,p1,p2.");
    }
    int[] n = new int[6];
    for (int i = 0; i < 6; i++) {
      try {
        n[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        n[i] = -1;
      }
      if (n[i] < 0 || n[i] > 255) {
        throw new FtpException(501, "Syntax: PORT h1,h2,h3,h4,p1,p2.");
      }
    }
    return active(n[0] + "." + n[1] + "." + n[2] + "." + n[3], n[4] * 256 + n[5], "PORT");
  }

  private Future<Void> eprt(String argument) {
    String a = argument.trim();
    if (a.length() < 7 || a.charAt(0) < 33 || a.charAt(0) > 126) {
      throw new FtpException(501, "Syntax: EPRT |proto|address|port|.");
    }
    String[] parts = a.split(java.util.regex.Pattern.quote(String.valueOf(a.charAt(0))), -1);
    if (parts.length != 5 || !parts[0].isEmpty() || !parts[4].isEmpty()) {
      throw new FtpException(501, "Syntax: EPRT |proto|address|port|.");
    }
    if (!parts[1].equals("1") && !parts[1].equals("2")) {
      throw new FtpException(522, "Network protocol not supported, use (1,2).");
    }
    int port;
    try {
      port = Integer.parseInt(parts[3]);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535 || Addresses.literal(parts[2]) == null) {
      throw new FtpException(501, "Syntax: EPRT |proto|address|port|.");
    }
    return active(parts[2], port, "EPRT");
  }

  private Future<Void> active(String host, int port, String verb) {
    if (!Addresses.same(host, session.clientHost) || port < 1024) {
      session.services.refusedData.warn("refused " + verb + " to " + host + ":" + port + " from " + session.clientHost
          + " (only the client's own address, ports 1024 and above)");
      throw new FtpException(501, "Illegal " + verb + " command: only your own address and a port of 1024 or above.");
    }
    session.closeData();
    session.data = new ActiveConnector(session.services.activeClient, host, port);
    session.reply(200, verb + " command successful. Consider using PASV.");
    return Future.succeededFuture();
  }
}
