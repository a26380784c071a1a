package io.clockwall.ftp;

/** A named user from the config: its password hash and whether it may change files. */
public record UserAccount(String name, PasswordHash passwordHash, boolean write) {

  /** The built-in anonymous account ({@code USER anonymous} or {@code USER ftp}, any password): read-only. */
  static final UserAccount ANONYMOUS = new UserAccount("anonymous", null, false);
}
