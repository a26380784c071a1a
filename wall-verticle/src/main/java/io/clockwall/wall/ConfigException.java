package io.clockwall.wall;

/** A configuration or argument the wall refuses. The message is the one line shown to the user. */
public final class ConfigException extends io.clockwall.runtime.ConfigException {

  public ConfigException(String message) {
    super(message);
  }
}
