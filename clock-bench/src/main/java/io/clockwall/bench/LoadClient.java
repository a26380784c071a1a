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
 * by the spec's timeouts and by {@code lifetimeMs}: {@link #run} always returns by itself.
 *
 * <p>A label {@code HH:mm:ss} names a second; its error is the arrival time minus the start of that
 * second, both taken modulo 15 minutes so the server may use any zone (zone offsets are whole
 * quarter hours).
 */
final class LoadClient {

  private static final int READER = 0;
  private static final int SLOW = 1;
  private static final int FLOOD = 2;
  private static final long MOD_NS = 900L * 1_000_000_000L;
  private static final int MAX_LINE = 32;
  private static final long FLOOD_PERIOD_NS = 100_000_000L;
  private static final int MAX_ERROR_SAMPLES = 5;

  private final WorkerSpec spec;
  private final Selector selector;
  private final ByteBuffer readBuf = ByteBuffer.allocateDirect(16 * 1024);
  private final byte[] junk;
  private final Conn[] conns;
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
  private final Histogram firstLine = new Histogram();

  // window figures
  private final Histogram labelError = new Histogram();
  private final Histogram interArrival = new Histogram();
  private final Histogram clientLag = new Histogram();
  private long lines;
  private long early;
  private long earliestUs;
  private long floodBytes;
  private int closedBeforeWindow;
  private int closedInWindow;
  private int closedBeforeFirstLine;
  private final JsonArray closeSamples = new JsonArray();

  LoadClient(WorkerSpec spec) throws IOException {
    this.spec = spec;
    this.selector = Selector.open();
    this.conns = new Conn[spec.total()];
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
          Conn c = (Conn) key.attachment();
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
      Conn c = new Conn(roleOf(i));
      conns[i] = c;
      c.startNs = now;
      SocketChannel ch = null;
      try {
        ch = SocketChannel.open();
        c.ch = ch;
        ch.configureBlocking(false);
        if (c.role == SLOW && spec.slowRcvBuf() > 0) {
          ch.setOption(StandardSocketOptions.SO_RCVBUF, spec.slowRcvBuf());
        }
        try {
          ch.bind(sources[i % sources.length]);
        } catch (IOException e) {
          bindFailed++;
          sample(e);
          c.state = Conn.FAILED;
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
        c.state = Conn.FAILED;
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
      return SLOW;
    }
    if (floodMark > 0) {
      return FLOOD;
    }
    return READER;
  }

  private int interestOf(Conn c) {
    return c.role == SLOW ? 0 : SelectionKey.OP_READ;
  }

  private void finishConnect(Conn c, SelectionKey key) {
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
      c.state = Conn.FAILED;
      key.cancel();
      closeQuietly(c.ch);
    }
  }

  private void established(Conn c, SelectionKey key, long now) {
    c.key = key;
    c.state = Conn.OPEN;
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
    for (Conn c : conns) {
      if (c != null && c.state == Conn.CONNECTING) {
        connectTimedOut++;
        c.state = Conn.FAILED;
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
    for (Conn c : conns) {
      if (c != null && c.state == Conn.OPEN && c.role != SLOW && c.lastLabel < 0) {
        return false;
      }
    }
    return true;
  }

  private void read(Conn c, long wakeNs) {
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
        } else if (c.len < MAX_LINE) {
          c.line[c.len++] = b;
        } else {
          c.len = MAX_LINE + 1;   // too long: malformed when its newline comes
        }
      }
      if (n < readBuf.capacity()) {
        return;
      }
    }
  }

  private void line(Conn c, long now) {
    boolean inWindow = measuring && now >= windowStartNs && now < windowEndNs;
    int label;
    if (request != null) {
      // a viewer: only an event's "id: <epoch second>" line counts, as that second's label (UTC); the headers,
      // the chunk sizes, "data:" and "retry:" lines are the page's business
      label = eventSecond(c.line, c.len);
      if (label < 0) {
        return;
      }
    } else {
      label = c.len == 8 ? parse(c.line) : -1;
    }
    if (label < 0) {
      if (inWindow) {
        c.malformed++;
      }
      return;
    }
    if (c.lastLabel < 0) {
      firstLine.record((now - c.connectedNs) / 1000);
    } else if (inWindow) {
      lines++;
      c.linesInWindow++;
      long errNs = Math.floorMod(now + offsetNs - (label % 900) * 1_000_000_000L, MOD_NS);
      if (errNs >= MOD_NS / 2) {
        errNs -= MOD_NS;
      }
      if (errNs < 0) {
        early++;
        earliestUs = Math.min(earliestUs, errNs / 1000);
      }
      labelError.record(errNs / 1000);
      c.errorSumUs += Math.max(0, errNs / 1000);
      interArrival.record((now - c.lastArrivalNs) / 1000);
      int step = Math.floorMod(label - c.lastLabel, 86_400);
      if (step == 0) {
        c.dups++;
      } else if (step > 43_200) {
        c.outOfOrder++;
      } else if (step > 1) {
        c.skips += step - 1;
      }
    }
    c.lastLabel = label;
    c.lastArrivalNs = now;
  }

  /** The UTC second of the day of an SSE line {@code id: <epoch second>}, or -1 for any other line. */
  static int eventSecond(byte[] l, int len) {
    if (len < 5 || len > MAX_LINE || l[0] != 'i' || l[1] != 'd' || l[2] != ':' || l[3] != ' ') {
      return -1;
    }
    long second = 0;
    for (int i = 4; i < len; i++) {
      if (l[i] < '0' || l[i] > '9') {
        return -1;
      }
      second = second * 10 + (l[i] - '0');
    }
    return (int) (second % 86_400);
  }

  /** Seconds of the day named by {@code HH:mm:ss}, or -1 if the bytes are anything else. */
  static int parse(byte[] l) {
    if (l[2] != ':' || l[5] != ':') {
      return -1;
    }
    int h = two(l[0], l[1]);
    int m = two(l[3], l[4]);
    int s = two(l[6], l[7]);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
      return -1;
    }
    return h * 3600 + m * 60 + s;
  }

  private static int two(byte a, byte b) {
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      return -1;
    }
    return (a - '0') * 10 + (b - '0');
  }

  private void closedByServer(Conn c, String why) {
    c.state = Conn.CLOSED;
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
    for (Conn c : conns) {
      if (c != null && c.role == FLOOD && c.state == Conn.OPEN) {
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
    for (Conn c : conns) {
      if (c == null || c.role != SLOW || c.state != Conn.OPEN) {
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
    int skipped = 0;
    int connsWithSkips = 0;
    int maxSkips = 0;
    int dups = 0;
    int connsWithDups = 0;
    int malformed = 0;
    int outOfOrder = 0;
    int open = 0;
    int served = 0;
    int shortConns = 0;
    int silent = 0;
    int minLines = Integer.MAX_VALUE;
    int maxLines = 0;
    long expected = measuring ? Math.max(0, (goEndEpochMs - goStartEpochMs) / 1000) : 0;
    Histogram connMeanError = new Histogram();
    for (Conn c : conns) {
      if (c == null || c.role == SLOW) {
        continue;
      }
      if (c.linesInWindow > 0) {
        connMeanError.record(c.errorSumUs / c.linesInWindow);
      }
      skipped += c.skips;
      malformed += c.malformed;
      outOfOrder += c.outOfOrder;
      dups += c.dups;
      if (c.skips > 0) {
        connsWithSkips++;
      }
      if (c.dups > 0) {
        connsWithDups++;
      }
      maxSkips = Math.max(maxSkips, c.skips);
      if (c.state == Conn.OPEN) {
        open++;
        if (c.linesInWindow > 0) {
          served++;
        }
        minLines = Math.min(minLines, c.linesInWindow);
        maxLines = Math.max(maxLines, c.linesInWindow);
        if (c.linesInWindow < expected) {
          shortConns++;
        }
        if (c.linesInWindow == 0) {
          silent++;
        }
      }
    }
    int slowOpen = 0;
    for (Conn c : conns) {
      if (c != null && c.role == SLOW && c.state == Conn.OPEN) {
        slowOpen++;
      }
    }
    return readyJson()
      .put("stoppedBy", stoppedBy)
      .put("readers", spec.readers()).put("slow", spec.slow()).put("flood", spec.flood())
      .put("expectedLinesPerConn", expected)
      .put("lines", lines)
      .put("labelErrorUs", labelError.toJson())
      .put("connMeanErrorUs", connMeanError.toJson())
      .put("interArrivalUs", interArrival.toJson())
      .put("clientLagUs", clientLag.toJson())
      .put("firstLineUs", firstLine.toJson())
      .put("early", early).put("earliestUs", earliestUs)
      .put("skippedLabels", skipped).put("connsWithSkips", connsWithSkips).put("maxSkipsPerConn", maxSkips)
      .put("duplicateLabels", dups).put("connsWithDups", connsWithDups)
      .put("malformedLines", malformed).put("outOfOrder", outOfOrder)
      .put("closedBeforeFirstLine", closedBeforeFirstLine)
      .put("closedInWindow", closedInWindow)
      .put("openReadersAtEnd", open)
      .put("servedReadersAtEnd", served)
      .put("shortConns", shortConns).put("silentConns", silent)
      .put("minLinesPerConn", open == 0 ? 0 : minLines).put("maxLinesPerConn", maxLines)
      .put("slowOpenAtEnd", slowOpen).put("slowClosedByServer", slowClosedByServer())
      .put("floodBytes", floodBytes)
      .put("errorSamples", new JsonArray(new ArrayList<>(errorSamples)))
      .put("closeSamples", closeSamples);
  }

  private void closeAll() {
    for (Conn c : conns) {
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

  /** Per-connection state: kept small, there may be 20,000 of these. */
  private static final class Conn {
    static final byte CONNECTING = 0;
    static final byte OPEN = 1;
    static final byte CLOSED = 2;
    static final byte FAILED = 3;

    final int role;
    byte state = CONNECTING;
    SocketChannel ch;
    SelectionKey key;
    long startNs;
    long connectedNs;
    final byte[] line = new byte[MAX_LINE];
    int len;
    int lastLabel = -1;
    long lastArrivalNs;
    int linesInWindow;
    /** Label errors of this connection in the window, summed (microseconds; early labels count 0, as in the histogram). */
    long errorSumUs;
    int skips;
    int dups;
    int malformed;
    int outOfOrder;

    Conn(int role) {
      this.role = role;
    }
  }
}
