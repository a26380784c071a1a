package io.clockwall.ftp;

import java.util.Locale;

/**
 * Checks a USER/PASS pair. Anonymous ({@code anonymous} or {@code ftp}, any password) when the config allows it;
 * otherwise a configured user whose PBKDF2 hash matches. An unknown user costs the same hashing as a known one (a
 * dummy hash is checked), so timing does not tell which names exist. Blocking: call on a worker.
 */
final class Credentials {

  private final FtpConfig config;
  private PasswordHash dummy; // made by prepare(), in the background after start-up (a PBKDF2 run takes a while)

  Credentials(FtpConfig config) {
    this.config = config;
  }

  /** Blocking: makes the dummy hash now, so that the first unknown user costs no more than any other. */
  void prepare() {
    dummy();
  }

  private synchronized PasswordHash dummy() {
    if (dummy == null) {
      dummy = PasswordHash.create("clockwall-dummy".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
    }
    return dummy;
  }

  /**
   * Not blocking: the anonymous account when {@code user} is {@code anonymous} or {@code ftp} and the config allows
   * it (any password, no hashing: those names are public), else null.
   */
  UserAccount anonymous(String user) {
    String lower = user.toLowerCase(Locale.ROOT);
    return config.anonymous() && (lower.equals("anonymous") || lower.equals("ftp")) ? UserAccount.ANONYMOUS : null;
  }

  /** The account, or null when the login is refused. */
  UserAccount authenticate(String user, String password) {
    UserAccount anonymous = anonymous(user);
    if (anonymous != null) {
      return anonymous;
    }
    UserAccount account = config.users().get(user);
    char[] chars = password.isEmpty() ? new char[] {'\0'} : password.toCharArray();
    if (account == null) {
      dummy().verify(chars);
      return null;
    }
    return !password.isEmpty() && account.passwordHash().verify(chars) ? account : null;
  }
}
