package io.clockwall.ftp;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * Runs a session's command lines one at a time, in the order they came: a line that arrives while a command is still
 * working (file system calls are asynchronous) waits here. No command runs while the control connection's write
 * queue is full: a client that sends commands without reading their replies (a NOOP flood: 6 bytes in, 15 out)
 * would otherwise make the server hold every reply in memory. Its lines wait here instead, and past {@link #HIGH}
 * lines the control connection stops being read until the queue drains, so memory stays bounded. {@code onWaiting}
 * runs whenever nothing runs and the session waits for the client, for a command or to read its replies (the idle
 * timer starts then).
 */
final class CommandQueue {

  static final int HIGH = 32;

  private final NetSocket control;
  private final Function<String, Future<Void>> execute;
  private final Runnable onWaiting;
  private final Deque<String> lines = new ArrayDeque<>();
  private boolean busy;
  private boolean paused;
  private boolean stopped;

  CommandQueue(NetSocket control, Function<String, Future<Void>> execute, Runnable onWaiting) {
    this.control = control;
    this.execute = execute;
    this.onWaiting = onWaiting;
    control.drainHandler(v -> drain()); // the client has read its replies: run what waits
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
      if (control.writeQueueFull()) {
        onWaiting.run();
        return;
      }
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
      onWaiting.run();
    }
  }
}
