package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;

import org.junit.jupiter.api.Test;

/** TYPE A line ends, including a CRLF split between two reads. */
class AsciiConversionTest {

  @Test
  void encodeTurnsLfIntoCrlfOnce() {
    AsciiConversion.Encoder e = new AsciiConversion.Encoder();
    assertEquals("a\r\nb\r\n\r\n", e.encode(Buffer.buffer("a\nb\n\n")).toString());
    assertEquals("c\r", e.encode(Buffer.buffer("c\r")).toString());
    assertEquals("\nd", e.encode(Buffer.buffer("\nd")).toString(), "a CRLF split between reads stays one CRLF");
    assertEquals("", e.encode(Buffer.buffer()).toString());
  }

  @Test
  void decodeTurnsCrlfIntoLfAndKeepsALoneCr() {
    AsciiConversion.Decoder d = new AsciiConversion.Decoder();
    assertEquals("a\nb\rc", d.decode(Buffer.buffer("a\r\nb\rc")).toString());
    assertEquals("x", d.decode(Buffer.buffer("x\r")).toString(), "the CR waits for the next read");
    assertEquals("\ny", d.decode(Buffer.buffer("\ny")).toString());
    assertEquals("", d.decode(Buffer.buffer("\r")).toString());
    assertEquals("\r", d.decode(Buffer.buffer("\r")).toString(), "CR then CR: the first is kept");
    assertEquals("\r", d.finish().toString(), "a CR at the very end is kept");
    assertEquals("", d.finish().toString());
  }
}
