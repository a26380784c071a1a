package io.clockwall.wall;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The process's stdout, written by one daemon thread so that a stdout nobody reads (a full pipe) never blocks an
 * event loop. At most a few writes wait; beyond that a row is dropped (a late row is worthless, the next one follows
 * within a second).
 */
final class StdoutOutput implements TerminalOutput {

  private final PrintStream out;
  private final ThreadPoolExecutor writer;

  StdoutOutput() {
    this.out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(16), r -> {
      Thread t = new Thread(r, "clockwall-stdout");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
  }

  @Override
  public void write(String text) {
    writer.execute(() -> {
      out.print(text);
      out.flush();
    });
  }

  @Override
  public void writeAndFlush(String text) {
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.print(text);
    out.flush();
  }
}
