package io.clockwall.runtime;

/**
 * SIGINT and SIGTERM are how a user or an orchestrator stops a service, not a failure: exit code 0 (the JVM's own
 * would be 130 or 143). Exiting runs the launcher's shutdown hook, which undeploys every verticle: clients closed,
 * the terminal restored. Called first thing in every {@code main}, so that a signal during start-up exits 0 too.
 */
public final class Signals {

  private Signals() {
  }

  @SuppressWarnings("removal")
  public static void exitZeroOnStop() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // not on this platform: the JVM's default applies
      }
    }
  }
}
