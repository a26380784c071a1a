package io.clockwall.wall;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * While the wall draws its table on a terminal that is also its stderr, log lines go above the table instead of
 * through it: the root logger's stderr console appender is swapped for one that formats each event the same way
 * (its encoder) and hands the line to {@link TerminalPrinter#logAbove}, which clears the table, writes the line on
 * stderr and draws the table again under it. {@link #remove()} puts the stderr appender back.
 */
final class TtyLogHook {

  private final Logger root;
  private final Appender<ILoggingEvent> original;
  private final AppenderBase<ILoggingEvent> above;

  private TtyLogHook(Logger root, Appender<ILoggingEvent> original, AppenderBase<ILoggingEvent> above) {
    this.root = root;
    this.original = original;
    this.above = above;
  }

  /** Installs the hook; null when logging is not logback's, or has no console appender on stderr to replace. */
  static TtyLogHook install(TerminalPrinter printer) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console && "System.err".equals(console.getTarget())) {
        Encoder<ILoggingEvent> encoder = console.getEncoder();
        AppenderBase<ILoggingEvent> above = new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            printer.logAbove(new String(encoder.encode(event), StandardCharsets.UTF_8));
          }
        };
        above.setContext(context);
        above.setName("STDERR-ABOVE-TABLE");
        above.start();
        root.addAppender(above);
        root.detachAppender(console);
        return new TtyLogHook(root, console, above);
      }
    }
    return null;
  }

  void remove() {
    root.addAppender(original);
    root.detachAppender(above);
    above.stop();
  }
}
