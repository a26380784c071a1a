package io.clockwall.ftp;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits the control connection's bytes into command lines: a line ends at LF (a CR before it is dropped, so bare LF
 * works), Telnet IAC sequences are removed (IAC IAC is a 0xFF data byte), and bytes are decoded as UTF-8 (malformed
 * sequences become U+FFFD). A line longer than {@code maxBytes} is discarded up to its LF and reported once through
 * {@code tooLong}, so memory per connection stays bounded whatever a client sends.
 */
final class ControlLineReader {

  private static final int IAC = 0xFF;
  private static final int SB = 0xFA;
  private static final int SE = 0xF0;
  private static final int WILL = 0xFB;
  private static final int DONT = 0xFE;

  private enum State { DATA, IAC, OPTION, SUB, SUB_IAC }

  private final int maxBytes;
  private final Consumer<String> lines;
  private final Runnable tooLong;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private State state = State.DATA;
  private boolean overflow;

  ControlLineReader(int maxBytes, Consumer<String> lines, Runnable tooLong) {
    this.maxBytes = maxBytes;
    this.lines = lines;
    this.tooLong = tooLong;
  }

  void feed(Buffer buffer) {
    for (int i = 0; i < buffer.length(); i++) {
      feed(buffer.getByte(i) & 0xFF);
    }
  }

  private void feed(int b) {
    switch (state) {
      case DATA -> {
        if (b == IAC) {
          state = State.IAC;
        } else {
          data(b);
        }
      }
      case IAC -> {
        if (b == IAC) {
          state = State.DATA;
          data(IAC);
        } else if (b >= WILL && b <= DONT) {
          state = State.OPTION;
        } else if (b == SB) {
          state = State.SUB;
        } else {
          state = State.DATA;
          if (b < SE) {
            data(b); // not a Telnet command: IAC alone is dropped (e.g. after a Synch whose DM went out of band)
          }
        }
      }
      case OPTION -> state = State.DATA;
      case SUB -> state = b == IAC ? State.SUB_IAC : State.SUB;
      case SUB_IAC -> state = b == SE ? State.DATA : State.SUB;
      default -> throw new IllegalStateException();
    }
  }

  private void data(int b) {
    if (b == '\n') {
      if (overflow) {
        overflow = false;
        line.reset();
        tooLong.run();
        return;
      }
      byte[] bytes = line.toByteArray();
      line.reset();
      int length = bytes.length;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
      lines.accept(decode(bytes, length));
    } else if (!overflow) {
      if (line.size() >= maxBytes) {
        overflow = true;
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  private static String decode(byte[] bytes, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
  }
}
