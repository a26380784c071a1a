package io.clockwall.runtime;

/**
 * A command line, config file or config value a service cannot start with: one line on stderr, exit code 2. Its
 * message is that line, fit to print as-is. Every service's own config error extends it.
 */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** True if {@code t} or one of its causes is a config error. */
  public static boolean isConfigError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConfigException || c instanceof ClassNotFoundException) {
        return true;
      }
    }
    return false;
  }
}
