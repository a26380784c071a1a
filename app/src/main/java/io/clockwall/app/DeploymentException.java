package io.clockwall.app;

/** A deployment file or a deployment that cannot be used; its message is one line meant for the user. */
public class DeploymentException extends RuntimeException {
  public DeploymentException(String message) {
    super(message, null, false, false);
  }
}
