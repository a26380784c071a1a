package io.clockwall.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** What a runnable jar tells the {@link ServiceLauncher}: everything that is its own. */
public interface Service {

  /** Starts every error line: {@code clock: cannot listen on localhost:8010: Address already in use}. */
  String name();

  /** The text of {@code -h}, on stdout. */
  String help();

  /** The verticle to deploy ({@code -instances} of it). */
  Supplier<? extends Deployable> verticle();

  /** The verticle's class name, as {@code mvn vertx:run} passes it (see {@link ServiceLauncher#main(String[])}). */
  String verticleName();

  /** The service's own options that take a value, without dashes (e.g. {@code sort} for {@code --sort}). */
  default Set<String> options() {
    return Set.of();
  }

  /**
   * The verticle's config: built from the {@code -conf} config (admin keys removed; empty without {@code -conf}),
   * the command line and the environment, and validated. Throws {@link ConfigException} for anything a user must
   * fix (exit code 2).
   */
  JsonObject configure(ServiceArgs args, Map<String, String> env);

  /**
   * The native transports this service runs best on, best first, among {@code io_uring} and {@code epoll}; the
   * launcher takes the first this jar carries and this kernel allows, else NIO ({@link Transports}).
   */
  default java.util.List<String> transports() {
    return java.util.List.of("epoll");
  }

  /**
   * Verticle instances (and so event loops) to run when the command line gives no {@code -instances}: one unless
   * the service serves a port from every core.
   */
  default int defaultInstances() {
    return 1;
  }

  /**
   * Sets the Vert.x options this service wants by default into {@code options} (the {@code -options} JSON, which
   * the user's keys already fill); {@code instances} is the {@code -instances} count.
   */
  default void vertxOptions(JsonObject options, int instances) {
  }

  /** Adjusts the Vert.x metrics of the process (e.g. a category that would count wrong turned off). */
  default void metrics(MicrometerMetricsOptions options) {
  }

  /**
   * The command line as a service sees it.
   *
   * @param conf       the {@code -conf} config without the admin keys; empty when not given
   * @param confFile   the file {@code -conf} named, absolute, or null (inline JSON, or no {@code -conf})
   * @param own        the service's own options, by name
   * @param positional the positional arguments
   * @param instances  the {@code -instances} count
   */
  record ServiceArgs(JsonObject conf, java.nio.file.Path confFile, Map<String, String> own,
                     java.util.List<String> positional, int instances) {
  }
}
