package io.clockwall.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of every clockwall jar, set up in code (logback finds it through {@code META-INF/services}): every
 * line to stderr as {@code HH:mm:ss.SSS LEVEL Logger - message}, at {@code LOG_LEVEL} (INFO by default), Netty and
 * Vert.x at WARN, and the launcher's own failure reports off ({@link ServiceLauncher} prints them as one line), as
 * are vertx-config's stack traces for a followed file that went bad (the service logs that once, in one line).
 *
 * <p>In code rather than in a logback.xml because reading XML loads about 450 classes (logback's Joran and the
 * JDK's XML parser) that an idle clock then keeps: 2.6 to 3.3 MiB of its RSS. Stdout is left to what a program
 * shows its user (the wall's table). A configuration of the user's still
 * wins: with {@code -Dlogback.configurationFile}, or a {@code logback.xml} or {@code logback-test.xml} on the class
 * path (as in a process that embeds the clock with logging of its own), this steps aside and logback reads that
 * file.
 */
public final class ServiceLogging extends ContextAwareBase implements Configurator {

  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null || onClassPath("logback-test.xml")
        || onClassPath("logback.xml")) {
      return ExecutionStatus.NEUTRAL;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err"); // stdout is left to what a program shows its user
    stderr.setEncoder(encoder);
    stderr.start();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
    root.addAppender(stderr);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.WARN);
    context.getLogger("io.vertx.launcher").setLevel(Level.OFF);
    context.getLogger("io.vertx.config.impl.ConfigRetrieverImpl").setLevel(Level.OFF);
    // vertx-micrometer registers its event-bus handler gauge once per consumer, on purpose (one gauge, shared);
    // Micrometer 1.15 warns about each such re-registration.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    // Netty's io_uring warns each time more completions arrive than its queue holds at once (a burst of thousands
    // of connects, or of connections closing): the kernel keeps them (IORING_FEAT_NODROP) and Netty takes them in
    // at its next turn, so nothing is lost; a queue big enough for any burst would cost the clock 5 MiB of RSS.
    context.getLogger("io.netty.channel.uring.IoUringIoHandler").setLevel(Level.ERROR);
    // While a process stops, an event loop that has already ended may still be handed a channel to deregister (io_uring
    // drains its last completions as it is destroyed); Netty then warns, with a stack trace, that the loop refused the
    // task. It comes after a failed start's one-line reason (AdminEndpointIT saw it once in CI) and says nothing the
    // user can act on; this logger's other warnings are of the same kind (a close, registration or deregistration
    // of a channel that failed inside Netty).
    context.getLogger("io.netty.channel.AbstractChannel").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static boolean onClassPath(String resource) {
    return ServiceLogging.class.getClassLoader().getResource(resource) != null;
  }
}
