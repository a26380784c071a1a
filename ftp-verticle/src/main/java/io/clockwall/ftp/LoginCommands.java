package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;

/**
 * USER and PASS. Every USER gets the same 331 (known, unknown or anonymous); a refused PASS waits
 * {@code loginFailureDelayMs} before its 530, and the {@code maxLoginFailures}-th refusal on a connection ends it with
 * 421. Passwords are checked on a worker (PBKDF2 is slow on purpose); an anonymous login, which has no password to
 * check, is answered at once on the event loop.
 */
final class LoginCommands {

  private final FtpSession session;
  private String pendingUser;
  private int failures;

  LoginCommands(FtpSession session) {
    this.session = session;
  }

  void register(Map<String, Command> commands) {
    commands.put("USER", this::user);
    commands.put("PASS", this::pass);
  }

  private Future<Void> user(String name) {
    if (session.account != null) {
      session.reply(503, "Already logged in.");
      return Future.succeededFuture();
    }
    if (name.isEmpty()) {
      throw new FtpException(501, "USER needs a name.");
    }
    pendingUser = name;
    session.reply(331, "Please specify the password.");
    return Future.succeededFuture();
  }

  private Future<Void> pass(String password) {
    if (session.account != null) {
      session.reply(230, "Already logged in.");
      return Future.succeededFuture();
    }
    if (pendingUser == null) {
      throw new FtpException(503, "Login with USER first.");
    }
    String user = pendingUser;
    pendingUser = null;
    FtpServices services = session.services;
    UserAccount anonymous = services.credentials.anonymous(user);
    Future<UserAccount> checked = anonymous != null ? Future.succeededFuture(anonymous)
        : services.passwordWorkers.executeBlocking(() -> services.credentials.authenticate(user, password), false);
    return checked.compose(account -> {
          if (account != null) {
            session.account = account;
            session.cwd = "/";
            services.stats.logins.increment();
            session.reply(230, "Login successful.");
            return Future.succeededFuture();
          }
          failures++;
          services.stats.loginFailures.increment();
          services.failedLogins.warn("failed login for user " + Replies.clean(user.length() > 64 ? user.substring(0, 64) + "..." : user)
              + " from " + session.clientHost + " (" + failures + " on this connection)");
          Promise<Void> delayed = Promise.promise();
          long delay = Math.max(1, services.config.loginFailureDelayMs());
          session.vertx.setTimer(delay, id -> {
            if (failures >= services.config.maxLoginFailures()) {
              session.closeWith(421, "Too many login failures; closing connection.");
            } else {
              session.reply(530, "Login incorrect.");
            }
            delayed.complete();
          });
          return delayed.future();
        });
  }
}
