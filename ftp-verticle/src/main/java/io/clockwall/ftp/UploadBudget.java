package io.clockwall.ftp;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes that all uploads of one address hold in memory at once: read from their sockets, not yet on disk. Each
 * upload holds a few MiB at most ({@link FileReceiver}); this bounds their sum, so that many uploads to a disk slower
 * than the network slow down instead of taking all of the process's direct memory (which every connection needs to
 * read its commands). An upload that finds the budget spent pauses its socket and is resumed, on its own event loop,
 * once the writes of others have given bytes back. Any thread.
 */
final class UploadBudget {

  private final long limit;
  private long held;
  private final Map<Object, Waiter> waiting = new LinkedHashMap<>();

  private record Waiter(Context context, Runnable resume) {
  }

  UploadBudget(long limitBytes) {
    this.limit = limitBytes;
  }

  /** Counts {@code bytes} as held (they are in memory already: a read cannot be refused, only the next one). */
  synchronized void take(long bytes) {
    held += bytes;
  }

  /** True while the sum is within the limit. */
  synchronized boolean available() {
    return held < limit;
  }

  /**
   * Runs {@code resume} on {@code context} once the sum is back within the limit (at once if it is); one wait per
   * {@code owner}, a second call replaces the first.
   */
  void await(Object owner, Context context, Runnable resume) {
    boolean now;
    synchronized (this) {
      now = held < limit;
      if (!now) {
        waiting.put(owner, new Waiter(context, resume));
      }
    }
    if (now) {
      context.runOnContext(v -> resume.run());
    }
  }

  /** Forgets {@code owner}'s wait (it failed or ended meanwhile). */
  synchronized void cancel(Object owner) {
    waiting.remove(owner);
  }

  /** Gives {@code bytes} back (written, or dropped); wakes every waiting upload once the sum is within the limit. */
  void give(long bytes) {
    List<Waiter> wake;
    synchronized (this) {
      held -= bytes;
      if (held >= limit || waiting.isEmpty()) {
        return;
      }
      wake = new ArrayList<>(waiting.values());
      waiting.clear();
    }
    for (Waiter waiter : wake) {
      waiter.context().runOnContext(v -> waiter.resume().run());
    }
  }

  /** The bytes held now. */
  synchronized long held() {
    return held;
  }
}
