package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One load client: a single thread and one NIO selector holding every connection of a
 * {@link WorkerSpec}, so tens of thousands of sockets cost a few hundred bytes each.
 *
 * <p>Life: connect everything (at most {@code maxInflight} at once), wait until every reader
 * has its first line, report ready, keep checking labels, and when {@link #go} names a window,
 * count what arrives inside it; return the result once the window ends. Every phase is bounded
 * by the spec's timeouts and by {@code lifetimeMs}: {@link #run} always returns by itself. What the
 * lines say is judged by {@link LabelStats}.
 */
final class LoadClient {

  private static final long FLOOD_PERIOD_NS = 100_000_000L;
  private static final int MAX_ERROR_SAMPLES = 5;

  private final WorkerSpec spec;
  private final Selector selector;
  private final ByteBuffer readBuf = ByteBuffer.allocateDirect(16 * 1024);
  private final byte[] junk;
  private final LoadConn[] conns;
  private final InetSocketAddress target;
  private final InetSocketAddress[] sources;
  /** A viewer's request ({@link WorkerSpec#ssePath}), or null for the clock protocol. */
  private final ByteBuffer request;

  private volatile long goStartEpochMs = -1;
  private volatile long goEndEpochMs = -1;
  private volatile boolean aborted;

  private long offsetNs;            // epoch nanos = System.nanoTime() + offsetNs
  private long windowStartNs = Long.MAX_VALUE;
  private long windowEndNs = Long.MAX_VALUE;
  private boolean measuring;

  // connect phase
  private int nextToOpen;
  private int inflight;
  private long connectStartNs;
  private long connectEndNs;
  private int connected;
  private int connectFailed;
  private int bindFailed;
  private int connectTimedOut;
  private final Set<String> errorSamples = new LinkedHashSet<>();
  private final LabelStats labels = new LabelStats();
  private final Histogram clientLag = new Histogram();
  private long floodBytes;
  private int closedBeforeWindow;
  private int closedInWindow;
  private int closedBeforeFirstLine;
  private final JsonArray closeSamples = new JsonArray();

  LoadClient(WorkerSpec spec) throws IOException {
    this.spec = spec;
    this.selector = Selector.open();
    this.conns = new LoadConn[spec.total()];
    this.target = new InetSocketAddress(spec.host(), spec.port());
    this.sources = spec.sources().stream().map(s -> new InetSocketAddress(s, 0))
      .toArray(InetSocketAddress[]::new);
    this.request = spec.ssePath() == null ? null : ByteBuffer.wrap(("GET " + spec.ssePath() + " HTTP/1.1\r\nHost: "
      + spec.host() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    this.junk = new byte[Math.max(1, spec.floodBytesPerSec() / 10)];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i % 41 == 40 ? '\n' : 'a' + (i * 7) % 26);
    }
  }

  /** Names the measuring window (epoch millis); called from any thread. */
  void go(long startEpochMs, long endEpochMs) {
    goEndEpochMs = endEpochMs;
    goStartEpochMs = startEpochMs;
    selector.wakeup();
  }

  /** Asks {@link #run} to stop now (the orchestrator went away); called from any thread. */
  void abort() {
    aborted = true;
    selector.wakeup();
  }

  /** Runs the whole life; calls {@code onReady} once, on this thread, after the connect phase. */
  JsonObject run(Consumer<JsonObject> onReady) {
    long bornNs = System.nanoTime();
    long lifeEndNs = bornNs + spec.lifetimeMs() * 1_000_000L;
    calibrate();
    connectStartNs = System.nanoTime();
    long settleEndNs = Long.MAX_VALUE;
    boolean ready = false;
    long nextFloodNs = 0;
    String stoppedBy = "window end";
    try {
      while (true) {
        long now = System.nanoTime();
        if (now >= lifeEndNs) {
          stoppedBy = "lifetime bound";
          break;
        }
        if (aborted) {
          stoppedBy = "aborted";
          break;
        }
        if (!ready) {
          if (connectEndNs == 0) {
            openMore(now);
            if (nextToOpen == conns.length && inflight == 0) {
              connectEndNs = now;
            } else if (now - connectStartNs > spec.connectTimeoutMs() * 1_000_000L) {
              abandonPending();
              connectEndNs = now;
            }
            if (connectEndNs != 0) {
              settleEndNs = connectEndNs + spec.settleMs() * 1_000_000L;
            }
          }
          if (connectEndNs != 0 && (allReadersHaveFirstLine() || now >= settleEndNs)) {
            ready = true;
            onReady.accept(readyJson());
          }
        }
        if (ready && !measuring && goStartEpochMs >= 0) {
          calibrate();
          windowStartNs = goStartEpochMs * 1_000_000L - offsetNs;
          windowEndNs = goEndEpochMs * 1_000_000L - offsetNs;
          measuring = true;
        }
        if (measuring && now >= windowEndNs) {
          break;
        }
        if (spec.flood() > 0 && connectEndNs != 0 && now >= nextFloodNs) {
          flood(now);
          nextFloodNs = now + FLOOD_PERIOD_NS;
        }
        long waitMs = 50;
        if (measuring) {
          waitMs = Math.max(1, Math.min(waitMs, (windowEndNs - now) / 1_000_000L + 1));
        }
        int selected = selector.select(waitMs);
        long wakeNs = System.nanoTime();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          LoadConn c = (LoadConn) key.attachment();
          if (!key.isValid()) {
            continue;
          }
          if (key.isConnectable()) {
            finishConnect(c, key);
          } else if (key.isReadable()) {
            read(c, wakeNs);
          }
        }
        if (selected > 0 && spec.parkMicros() > 0 && measuring) {
          LockSupport.parkNanos(spec.parkMicros() * 1000L);
        }
      }
      if (!ready) {
        onReady.accept(readyJson());
      }
      return resultJson(stoppedBy);
    } catch (IOException e) {
      return resultJson("selector failed: " + e);
    } finally {
      closeAll();
    }
  }

  private void calibrate() {
    long best = Long.MAX_VALUE;
    long bestOffset = 0;
    for (int i = 0; i < 5; i++) {
      long a = System.nanoTime();
      Instant t = Instant.now();
      long b = System.nanoTime();
      if (b - a < best) {
        best = b - a;
        long epochNs = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        bestOffset = epochNs - (a + (b - a) / 2);
      }
    }
    offsetNs = bestOffset;
  }

  private void openMore(long now) {
    while (inflight < spec.maxInflight() && nextToOpen < conns.length) {
      int i = nextToOpen++;
      LoadConn c = new LoadConn(roleOf(i));
      conns[i] = c;
      SocketChannel ch = null;
      try {
        ch = SocketChannel.open();
        c.ch = ch;
        ch.configureBlocking(false);
        if (c.role == LoadConn.SLOW && spec.slowRcvBuf() > 0) {
          ch.setOption(StandardSocketOptions.SO_RCVBUF, spec.slowRcvBuf());
        }
        try {
          ch.bind(sources[i % sources.length]);
        } catch (IOException e) {
          bindFailed++;
          sample(e);
          c.state = LoadConn.FAILED;
          ch.close();
          continue;
        }
        if (ch.connect(target)) {
          established(c, ch.register(selector, interestOf(c), c), now);
        } else {
          ch.register(selector, SelectionKey.OP_CONNECT, c);
          inflight++;
        }
      } catch (IOException e) {
        connectFailed++;
        sample(e);
        c.state = LoadConn.FAILED;
        closeQuietly(ch);
      }
    }
  }

  private int roleOf(int i) {
    // interleave kinds so every kind is spread over every source address
    int total = conns.length;
    long slowMark = (long) spec.slow() * (i + 1) / total - (long) spec.slow() * i / total;
    long floodMark = (long) spec.flood() * (i + 1) / total - (long) spec.flood() * i / total;
    if (slowMark > 0) {
      return LoadConn.SLOW;
    }
    if (floodMark > 0) {
      return LoadConn.FLOOD;
    }
    return LoadConn.READER;
  }

  private int interestOf(LoadConn c) {
    return c.role == LoadConn.SLOW ? 0 : SelectionKey.OP_READ;
  }

  private void finishConnect(LoadConn c, SelectionKey key) {
    try {
      if (c.ch.finishConnect()) {
        inflight--;
        key.interestOps(interestOf(c));
        established(c, key, System.nanoTime());
      }
    } catch (IOException e) {
      inflight--;
      connectFailed++;
      sample(e);
      c.state = LoadConn.FAILED;
      key.cancel();
      closeQuietly(c.ch);
    }
  }

  private void established(LoadConn c, SelectionKey key, long now) {
    c.key = key;
    c.state = LoadConn.OPEN;
    c.connectedNs = now;
    connected++;
    if (request != null) {
      try {
        c.ch.write(request.duplicate()); // a few dozen bytes into an empty socket buffer: written whole
      } catch (IOException e) {
        closedByServer(c, e.getMessage());
      }
    }
  }

  private void abandonPending() {
    for (LoadConn c : conns) {
      if (c != null && c.state == LoadConn.CONNECTING) {
        connectTimedOut++;
        c.state = LoadConn.FAILED;
        closeQuietly(c.ch);
      }
    }
    inflight = 0;
    // anything never opened is counted as timed out too
    while (nextToOpen < conns.length) {
      conns[nextToOpen++] = null;
      connectTimedOut++;
    }
  }

  private boolean allReadersHaveFirstLine() {
    for (LoadConn c : conns) {
      if (c != null && c.state == LoadConn.OPEN && c.role != LoadConn.SLOW && c.lastLabel < 0) {
        return false;
      }
    }
    return true;
  }

  private void read(LoadConn c, long wakeNs) {
    for (int round = 0; round < 8; round++) {
      readBuf.clear();
      int n;
      try {
        n = c.ch.read(readBuf);
      } catch (IOException e) {
        closedByServer(c, e.getMessage());
        return;
      }
      if (n < 0) {
        closedByServer(c, "end of stream");
        return;
      }
      if (n == 0) {
        return;
      }
      long now = System.nanoTime();
      if (measuring && now >= windowStartNs && now < windowEndNs) {
        clientLag.record((now - wakeNs) / 1000);
      }
      readBuf.flip();
      while (readBuf.hasRemaining()) {
        byte b = readBuf.get();
        if (b == '\n') {
          line(c, now);
          c.len = 0;
        } else if (c.len < Labels.MAX_LINE) {
          c.line[c.len++] = b;
        } else {
          c.len = Labels.MAX_LINE + 1;   // too long: malformed when its newline comes
        }
      }
      if (n < readBuf.capacity()) {
        return;
      }
    }
  }

  private void line(LoadConn c, long now) {
    int label;
    if (request != null) {
      // a viewer: only an event's "id: <epoch second>" line counts, as that second's label (UTC); the headers,
      // the chunk sizes, "data:" and "retry:" lines are the page's business
      label = Labels.eventSecond(c.line, c.len);
      if (label < 0) {
        return;
      }
    } else {
      label = c.len == 8 ? Labels.parse(c.line) : -1;
    }
    labels.line(c, label, now, offsetNs, measuring && now >= windowStartNs && now < windowEndNs);
  }

  private void closedByServer(LoadConn c, String why) {
    c.state = LoadConn.CLOSED;
    long now = System.nanoTime();
    if (c.lastLabel < 0) {
      closedBeforeFirstLine++;
    }
    if (measuring && now >= windowStartNs) {
      closedInWindow++;
    } else {
      closedBeforeWindow++;
    }
    if (closeSamples.size() < MAX_ERROR_SAMPLES) {
      closeSamples.add(why + " after " + (now - c.connectedNs) / 1_000_000L + " ms");
    }
    if (c.key != null) {
      c.key.cancel();
    }
    closeQuietly(c.ch);
  }

  private void flood(long now) {
    for (LoadConn c : conns) {
      if (c != null && c.role == LoadConn.FLOOD && c.state == LoadConn.OPEN) {
        try {
          floodBytes += c.ch.write(ByteBuffer.wrap(junk));
        } catch (IOException e) {
          closedByServer(c, "write: " + e.getMessage());
        }
      }
    }
  }

  /** Slow clients never read during the run; at the end, drain a bounded amount to see who was closed. */
  private int slowClosedByServer() {
    int closed = 0;
    for (LoadConn c : conns) {
      if (c == null || c.role != LoadConn.SLOW || c.state != LoadConn.OPEN) {
        continue;
      }
      try {
        for (int round = 0; round < 64; round++) {
          readBuf.clear();
          int n = c.ch.read(readBuf);
          if (n < 0) {
            closed++;
            break;
          }
          if (n == 0) {
            break;
          }
        }
      } catch (IOException e) {
        closed++;
      }
    }
    return closed;
  }

  private void sample(IOException e) {
    if (errorSamples.size() < MAX_ERROR_SAMPLES) {
      errorSamples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private JsonObject readyJson() {
    return new JsonObject()
      .put("attempted", nextToOpen)
      .put("connected", connected)
      .put("connectFailed", connectFailed)
      .put("bindFailed", bindFailed)
      .put("connectTimedOut", connectTimedOut)
      .put("closedBeforeWindow", closedBeforeWindow)
      .put("connectPhaseMs", ((connectEndNs == 0 ? System.nanoTime() : connectEndNs) - connectStartNs) / 1e6);
  }

  private JsonObject resultJson(String stoppedBy) {
    long expected = measuring ? Math.max(0, (goEndEpochMs - goStartEpochMs) / 1000) : 0;
    return readyJson()
      .put("stoppedBy", stoppedBy)
      .put("readers", spec.readers()).put("slow", spec.slow()).put("flood", spec.flood())
      .mergeIn(labels.summary(conns, expected))
      .put("clientLagUs", clientLag.toJson())
      .put("closedBeforeFirstLine", closedBeforeFirstLine)
      .put("closedInWindow", closedInWindow)
      .put("slowClosedByServer", slowClosedByServer())
      .put("floodBytes", floodBytes)
      .put("errorSamples", new JsonArray(new ArrayList<>(errorSamples)))
      .put("closeSamples", closeSamples);
  }

  private void closeAll() {
    for (LoadConn c : conns) {
      if (c != null) {
        closeQuietly(c.ch);
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

}
