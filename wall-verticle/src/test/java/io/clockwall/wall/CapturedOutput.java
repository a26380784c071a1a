package io.clockwall.wall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A {@link TerminalOutput} for tests: keeps every character written, lets a test wait for a line. */
final class CapturedOutput implements TerminalOutput {

  private final StringBuilder text = new StringBuilder();
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<TextWaiter> textWaiters = new ArrayList<>();
  private int partialStart;

  private record TextWaiter(Predicate<String> matcher, CompletableFuture<String> found) {
  }

  private record Waiter(int from, Predicate<String> matcher, CompletableFuture<Integer> found) {
  }

  @Override
  public synchronized void write(String s) {
    text.append(s);
    int nl;
    while ((nl = text.indexOf("\n", partialStart)) >= 0) {
      lines.add(text.substring(partialStart, nl));
      partialStart = nl + 1;
    }
    waiters.removeIf(w -> {
      for (int i = w.from; i < lines.size(); i++) {
        if (w.matcher.test(lines.get(i))) {
          w.found.complete(i);
          return true;
        }
      }
      return false;
    });
    String all = text.toString();
    textWaiters.removeIf(w -> w.matcher.test(all) && w.found.complete(all));
  }

  /** Waits until everything written so far matches (for the TTY output, which has no line structure). */
  String awaitText(Predicate<String> matcher, Duration timeout) throws Exception {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (this) {
      if (matcher.test(text.toString())) {
        return text.toString();
      }
      textWaiters.add(new TextWaiter(matcher, found));
    }
    try {
      return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("output did not match within " + timeout + "; it was:\n" + text());
    }
  }

  synchronized String text() {
    return text.toString();
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized int lineCount() {
    return lines.size();
  }

  /** Waits for the first complete line at index {@code from} or later that matches; returns its index. */
  int awaitLine(int from, Predicate<String> matcher, Duration timeout) throws Exception {
    CompletableFuture<Integer> found = new CompletableFuture<>();
    synchronized (this) {
      for (int i = from; i < lines.size(); i++) {
        if (matcher.test(lines.get(i))) {
          return i;
        }
      }
      waiters.add(new Waiter(from, matcher, found));
    }
    try {
      return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no line matched within " + timeout + "; output was:\n" + String.join("\n", lines()));
    }
  }

  String line(int index) {
    return lines().get(index);
  }
}
