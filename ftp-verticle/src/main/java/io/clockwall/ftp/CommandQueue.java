package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * Runs a session's command lines one at a time, in the order they came: a line that arrives while a command is still
 * working (file system calls are asynchronous) waits here. A client that pipelines without reading replies fills
 * the queue; past {@link #HIGH} lines the control connection stops being read until the queue drains, so memory
 * stays bounded. {@code onEmpty} runs whenever the queue is empty and nothing runs (the idle timer starts then).
 */
final class CommandQueue {

  static final int HIGH = 32;

  private final NetSocket control;
  private final Function<String, Future<Void>> execute;
  private final Runnable onEmpty;
  private final Deque<String> lines = new ArrayDeque<>();
  private boolean busy;
  private boolean paused;
  private boolean stopped;

  CommandQueue(NetSocket control, Function<String, Future<Void>> execute, Runnable onEmpty) {
    this.control = control;
    this.execute = execute;
    this.onEmpty = onEmpty;
  }

  void add(String line) {
    lines.add(line);
    if (lines.size() > HIGH && !paused) {
      paused = true;
      control.pause();
    }
    drain();
  }

  /** No more commands run (the connection is closing). */
  void stop() {
    stopped = true;
    lines.clear();
  }

  private void drain() {
    while (!busy && !stopped && !lines.isEmpty()) {
      String line = lines.poll();
      if (paused && lines.size() < HIGH / 4) {
        paused = false;
        control.resume();
      }
      Future<Void> done = execute.apply(line);
      if (!done.isComplete()) {
        busy = true;
        done.onComplete(ar -> {
          busy = false;
          drain();
        });
        return;
      }
    }
    if (!busy && !stopped && lines.isEmpty()) {
      onEmpty.run();
    }
  }
}
