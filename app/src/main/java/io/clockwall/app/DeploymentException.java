package io.clockwall.app;

import io.clockwall.runtime.ConfigException;

/** A deployment file that cannot be used: one line meant for the user, exit code 2. */
public class DeploymentException extends ConfigException {
  public DeploymentException(String message) {
    super(message);
  }
}
