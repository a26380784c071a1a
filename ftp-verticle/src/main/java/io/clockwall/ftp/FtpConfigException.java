package io.clockwall.ftp;

/** A bad FTP config: the message is one line naming the key, e.g. {@code ftp config: port: must be 0-65535, got 70000}. */
public class FtpConfigException extends IllegalArgumentException {

  public FtpConfigException(String key, String problem) {
    super("ftp config: " + key + ": " + problem);
  }
}
