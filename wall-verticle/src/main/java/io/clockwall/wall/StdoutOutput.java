package io.clockwall.wall;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The process's stdout (and, for log lines shown above the TTY table, its stderr), written by one daemon thread so
 * that a stdout nobody reads (a full pipe) never blocks an event loop, and so that a log line and the table around it
 * reach the terminal in order. At most a few writes wait; beyond that a row is dropped (a late row is worthless,
 * the next one follows within a second).
 */
final class StdoutOutput implements TerminalOutput {

  private final PrintStream out;
  private final PrintStream err;
  private final ThreadPoolExecutor writer;

  StdoutOutput() {
    this.out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    this.err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64), r -> {
      Thread t = new Thread(r, "clockwall-stdout");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
  }

  @Override
  public void write(String text) {
    writer.execute(() -> print(out, text));
  }

  @Override
  public void writeErr(String text) {
    writer.execute(() -> print(err, text));
  }

  @Override
  public void logAbove(String erase, String line, String redraw) {
    writer.execute(() -> {
      print(out, erase);
      print(err, line);
      print(out, redraw);
    });
  }

  private static void print(PrintStream stream, String text) {
    stream.print(text);
    stream.flush();
  }

  @Override
  public void writeAndFlush(String text) {
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    print(out, text);
  }
}
