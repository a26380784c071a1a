package io.clockwall.wall;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * What one connection to a clock reads: bytes framed into lines by a {@link RecordParser}, each line metered
 * ({@link FloodMeter}) and checked ({@link Labels}), the outcome handed to {@link Lines}. The parser never holds more
 * than {@code maxLineLength + 1} bytes plus one read: an overlong line ends the connection, so memory stays bounded
 * whatever the server sends. Once {@link #stop()}ped (the connection is being closed on purpose), the rest of a read
 * already received is ignored. Single-threaded: the owning verticle's event loop.
 */
final class LineIntake {

  /** Where the lines go. */
  interface Lines {
    void label(String label, long now);

    void invalid(String why, long now);

    /** Lines come faster than a clock sends them. */
    void flood(long now);

    /** A line longer than the limit: the connection must be closed. */
    void overlong(long now);
  }

  private final Lines lines;
  private final int maxLineLength;
  private final FloodMeter flood;
  private int bytesSinceNewline;
  private boolean stopped;
  private long lastDataAt;

  LineIntake(NetSocket socket, int maxLineLength, long now, Lines lines) {
    this.lines = lines;
    this.maxLineLength = maxLineLength;
    this.flood = new FloodMeter(now);
    this.lastDataAt = now;
    RecordParser parser = RecordParser.newDelimited("\n", this::line);
    parser.maxRecordSize(maxLineLength + 1);
    parser.exceptionHandler(e -> {
      if (!stopped) {
        bytesSinceNewline = 0;
        lines.overlong(System.currentTimeMillis());
      }
    });
    socket.handler(data -> {
      if (!stopped) {
        lastDataAt = System.currentTimeMillis();
        track(data);
        parser.handle(data);
      }
    });
  }

  /** Ignores whatever arrives from now on. */
  void stop() {
    stopped = true;
  }

  /** When the last bytes arrived. */
  long lastDataAt() {
    return lastDataAt;
  }

  /** True when the connection ended in the middle of a line. */
  boolean partialLine() {
    return bytesSinceNewline > 0 && !stopped;
  }

  private void track(Buffer data) {
    int lastNewline = -1;
    for (int i = data.length() - 1; i >= 0; i--) {
      if (data.getByte(i) == '\n') {
        lastNewline = i;
        break;
      }
    }
    bytesSinceNewline = lastNewline < 0 ? bytesSinceNewline + data.length() : data.length() - lastNewline - 1;
  }

  private void line(Buffer line) {
    if (stopped) {
      return; // the rest of a read that arrived before the close
    }
    long now = System.currentTimeMillis();
    if (!flood.allow(now)) {
      lines.flood(now);
      return;
    }
    int length = line.length();
    if (length > 0 && line.getByte(length - 1) == '\r') {
      length--;
    }
    String problem = length > maxLineLength ? "line longer than " + maxLineLength + " bytes"
        : Labels.problem(line, length);
    if (problem != null) {
      lines.invalid(problem, now);
    } else {
      lines.label(line.getString(0, length, "US-ASCII"), now);
    }
  }
}
