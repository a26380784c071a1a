package io.clockwall.ftp;

import io.clockwall.runtime.ConfigException;

/**
 * A bad FTP config: the message is one line naming the key, e.g. {@code ftp config: port: must be 0-65535, got 70000}.
 * A {@link ConfigException}: the launcher prints it as one line and exits with code 2.
 */
public class FtpConfigException extends ConfigException {

  public FtpConfigException(String key, String problem) {
    super("ftp config: " + key + ": " + problem);
  }
}
