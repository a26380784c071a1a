package io.clockwall.ftp;

import io.vertx.core.buffer.Buffer;

/**
 * TYPE A (RFC 959 section 3.1.1.1): on the wire a line ends with CRLF, in a file on this server with LF. RETR turns
 * each LF that is not already preceded by CR into CRLF ({@link Encoder}); STOR and APPE turn each CRLF into LF
 * ({@link Decoder}), a CR alone is kept. Both carry their state from one buffer to the next, so a CRLF split across
 * two reads is still one line end. One instance per transfer.
 */
final class AsciiConversion {

  private AsciiConversion() {
  }

  /** File to wire: LF becomes CRLF. */
  static final class Encoder {
    private boolean afterCr;

    Buffer encode(Buffer in) {
      int length = in.length();
      Buffer out = Buffer.buffer(length + length / 32 + 16);
      int from = 0;
      for (int i = 0; i < length; i++) {
        byte b = in.getByte(i);
        if (b == '\n' && !afterCr) {
          out.appendBuffer(in, from, i - from).appendByte((byte) '\r');
          from = i;
        }
        afterCr = b == '\r';
      }
      return out.appendBuffer(in, from, length - from);
    }
  }

  /** Wire to file: CRLF becomes LF. */
  static final class Decoder {
    private boolean pendingCr;

    Buffer decode(Buffer in) {
      int length = in.length();
      Buffer out = Buffer.buffer(length + 1);
      int i = 0;
      if (pendingCr) {
        pendingCr = false;
        if (length > 0 && in.getByte(0) == '\n') {
          out.appendByte((byte) '\n');
          i = 1;
        } else {
          out.appendByte((byte) '\r');
        }
      }
      int from = i;
      for (; i < length; i++) {
        if (in.getByte(i) == '\r') {
          if (i + 1 == length) { // the LF may come with the next buffer
            out.appendBuffer(in, from, i - from);
            pendingCr = true;
            return out;
          }
          if (in.getByte(i + 1) == '\n') {
            out.appendBuffer(in, from, i - from);
            from = i + 1; // the LF is kept, the CR dropped
          }
        }
      }
      return out.appendBuffer(in, from, length - from);
    }

    /** What is left at the end of the data: a last CR alone. */
    Buffer finish() {
      Buffer out = Buffer.buffer();
      if (pendingCr) {
        pendingCr = false;
        out.appendByte((byte) '\r');
      }
      return out;
    }
  }
}
