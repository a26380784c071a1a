package io.clockwall.wall;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Watches the terminal the TTY table is drawn on: its width, asked of {@code stty size} on a worker thread once a
 * second (Java has no SIGWINCH), handed to {@link TerminalPrinter#resize}; and, when stderr is the same terminal,
 * the {@link TtyLogHook} that prints log lines above the table. Never blocks an event loop.
 */
final class TerminalWatch {

  private static final Logger log = LoggerFactory.getLogger(TerminalWatch.class);
  static final long PERIOD_MS = 1000;

  private final Vertx vertx;
  private final long timer;
  private final TtyLogHook hook;
  private final String device;

  TerminalWatch(Vertx vertx, TerminalPrinter printer) {
    this.vertx = vertx;
    this.device = terminalOf(1);
    this.hook = device != null && device.equals(terminalOf(2)) ? TtyLogHook.install(printer) : null;
    String tty = device != null ? device : "/dev/tty";
    poll(printer, tty);
    this.timer = vertx.setPeriodic(PERIOD_MS, id -> poll(printer, tty));
    log.debug("watching the width of {}; log lines above the table: {}", tty, hook != null);
  }

  private void poll(TerminalPrinter printer, String tty) {
    vertx.executeBlocking(() -> columns(tty), false).onSuccess(printer::resize);
  }

  void close() {
    vertx.cancelTimer(timer);
    if (hook != null) {
      hook.remove();
    }
  }

  /** The terminal device on file descriptor {@code fd} ({@code /dev/pts/3}), or null when it is not a terminal. */
  static String terminalOf(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") ? target : null;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** The columns of terminal {@code tty} by {@code stty size}, or 0 when unknown. Blocks (a process): a worker only. */
  static int columns(String tty) {
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File(tty))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
        stty.destroyForcibly();
        return 0;
      }
      String[] parts = out.split("\\s+");
      return parts.length == 2 ? Math.max(0, Integer.parseInt(parts[1])) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
