package io.clockwall.clock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The line a clock instance sends, formatted once per second into one direct buffer shared by every client: each
 * write takes a retained duplicate (no copy), and a buffer is freed once the last client's write of it has
 * completed. Confined to the instance's event loop.
 */
final class TickLine {

  private final DateTimeFormatter formatter;
  private long second = Long.MIN_VALUE;
  private ByteBuf line;

  TickLine(DateTimeFormatter formatter) {
    this.formatter = formatter;
  }

  /** The line naming {@code epochSecond}, with its newline. */
  ByteBuf of(long epochSecond) {
    if (epochSecond != second) {
      byte[] bytes = (formatter.format(Instant.ofEpochSecond(epochSecond)) + "\n").getBytes(StandardCharsets.US_ASCII);
      release();
      line = ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
      second = epochSecond;
    }
    return line;
  }

  /** Drops this instance's reference (writes in flight keep theirs). */
  void release() {
    if (line != null) {
      line.release();
      line = null;
    }
  }
}
