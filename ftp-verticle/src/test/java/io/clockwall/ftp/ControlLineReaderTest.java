package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ControlLineReaderTest {

  private final List<String> lines = new ArrayList<>();
  private final ControlLineReader reader = new ControlLineReader(16, lines::add, () -> lines.add("<too long>"));

  private void feed(int... bytes) {
    Buffer b = Buffer.buffer();
    for (int x : bytes) {
      b.appendByte((byte) x);
    }
    reader.feed(b);
  }

  @Test
  void crlfAndBareLf() {
    reader.feed(Buffer.buffer("USER a\r\nPASS b\nNO"));
    reader.feed(Buffer.buffer("OP\r"));
    reader.feed(Buffer.buffer("\n"));
    assertEquals(List.of("USER a", "PASS b", "NOOP"), lines);
  }

  @Test
  void telnetSequencesAreRemoved() {
    feed(0xFF, 0xF4, 0xFF, 0xF2, 'A', 'B', 'O', 'R', '\n'); // IAC IP IAC DM ABOR
    feed(0xFF, 0xFB, 0x01, 'X', 0xFF, 0xFF, '\n');           // IAC WILL ECHO, X, IAC IAC (a 0xFF byte)
    feed(0xFF, 'N', 'O', 'O', 'P', '\n');                     // IAC whose DM went out of band
    feed(0xFF, 0xFA, 1, 2, 0xFF, 0xF0, 'Q', '\n');            // a subnegotiation
    assertEquals(List.of("ABOR", "X\uFFFD", "NOOP", "Q"), lines);
  }

  @Test
  void overLongLinesAreDroppedAndReportedOnce() {
    reader.feed(Buffer.buffer("x".repeat(1000)));
    reader.feed(Buffer.buffer("y".repeat(1000) + "\r\nNOOP\r\n"));
    assertEquals(List.of("<too long>", "NOOP"), lines);
  }

  @Test
  void utf8() {
    reader.feed(Buffer.buffer("CWD ü ä\r\n"));
    assertEquals(List.of("CWD ü ä"), lines);
  }
}
