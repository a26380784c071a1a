package io.clockwall.ftp;

import io.vertx.core.Future;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Commands about the session rather than files: SYST FEAT HELP NOOP OPTS TYPE MODE STRU ALLO STAT ABOR QUIT. */
final class ProtocolCommands {

  static final List<String> FEATURES = List.of("EPRT", "EPSV", "MDTM", "MLST type*;size*;modify*;perm*;", "PASV",
      "REST STREAM", "SIZE", "TVFS", "UTF8");
  private static final List<String> HELP = List.of(
      "ABOR ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD",
      "MLSD MLST MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REST RETR",
      "RMD  RNFR RNTO SIZE STAT STOR STRU SYST TYPE USER XCUP XCWD XMKD",
      "XPWD XRMD");

  private final FtpSession session;

  ProtocolCommands(FtpSession session) {
    this.session = session;
  }

  void register(Map<String, Command> commands) {
    commands.put("SYST", a -> done(215, "UNIX Type: L8"));
    commands.put("NOOP", a -> done(200, "NOOP ok."));
    commands.put("ALLO", a -> done(202, "ALLO not needed."));
    commands.put("FEAT", a -> {
      session.write(Replies.multi(211, "Features:", FEATURES, "End"));
      return Future.succeededFuture();
    });
    commands.put("HELP", a -> {
      session.write(Replies.multi(214, "The following commands are recognized.", HELP, "Help OK."));
      return Future.succeededFuture();
    });
    commands.put("OPTS", this::opts);
    commands.put("TYPE", this::type);
    commands.put("MODE", a -> one(a, "S", "Mode set to S.", "BC", "Only stream mode is supported."));
    commands.put("STRU", a -> one(a, "F", "Structure set to F.", "RP", "Only file structure is supported."));
    commands.put("STAT", this::stat);
    commands.put("ABOR", this::abor);
    commands.put("QUIT", a -> {
      session.closeWith(221, "Goodbye.");
      return Future.succeededFuture();
    });
  }

  private Future<Void> done(int code, String text) {
    session.reply(code, text);
    return Future.succeededFuture();
  }

  private Future<Void> opts(String argument) {
    String upper = argument.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("UTF8 ON") || upper.equals("UTF8") || upper.equals("UTF-8 ON")) {
      return done(200, "Always in UTF8 mode.");
    }
    if (upper.startsWith("MLST")) {
      return done(200, "MLST OPTS type;size;modify;perm;");
    }
    return done(501, "Option not understood.");
  }

  private Future<Void> type(String argument) {
    String upper = argument.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    switch (upper) {
      case "A", "A N" -> {
        session.binary = false;
        return done(200, "Switching to ASCII mode.");
      }
      case "I", "L 8" -> {
        session.binary = true;
        return done(200, "Switching to Binary mode.");
      }
      case "E", "A T", "A C", "E N" -> {
        return done(504, "Type not supported.");
      }
      default -> {
        return done(501, "Unrecognised TYPE command.");
      }
    }
  }

  private Future<Void> one(String argument, String supported, String ok, String known, String refused) {
    String upper = argument.trim().toUpperCase(Locale.ROOT);
    if (upper.equals(supported)) {
      return done(200, ok);
    }
    if (upper.length() == 1 && known.contains(upper)) {
      return done(504, refused);
    }
    return done(501, "Bad parameter.");
  }

  private Future<Void> stat(String argument) {
    if (session.transferring()) {
      return done(213, "Transfer in progress.");
    }
    if (!argument.isEmpty()) {
      return session.statPath(argument);
    }
    UserAccount account = session.account;
    session.write(Replies.multi(211, "clockwall FTP server status:", List.of(
        "Connected from " + session.clientHost,
        "Logged in as " + (account == null ? "nobody" : account.name()) + (account != null && account.write() ? " (read-write)" : " (read-only)"),
        "TYPE: " + (session.binary ? "BINARY" : "ASCII") + ", MODE: Stream, STRU: File",
        "Data connection: " + (session.data == null ? "none" : "ready")), "End of status."));
    return Future.succeededFuture();
  }

  private Future<Void> abor(String argument) {
    if (session.abortTransfer()) {
      return done(226, "Abort successful.");
    }
    session.closeData();
    return done(225, "No transfer to abort.");
  }
}
