package io.clockwall.ftp;

import static io.clockwall.ftp.Ctl.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol as a client sees it: reply forms, Telnet bytes, pipelining, ABOR, REST, MLST, STAT. */
@ExtendWith(VertxExtension.class)
class FtpProtocolTest {

  @TempDir
  Path root;
  int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.writeString(root.resolve("a.txt"), "0123456789");
    Files.write(root.resolve("big.bin"), new byte[64 * 1024 * 1024]);
    port = FtpTestServer.deploy(vertx, FtpTestServer.config(root));
  }

  private Ctl user() throws IOException {
    return new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD);
  }

  @Test
  void featIsAMultiLineReply() throws IOException {
    try (Ctl c = new Ctl(port).greeted()) {
      String feat = c.cmd("FEAT");
      assertTrue(feat.startsWith("211-"), feat);
      assertTrue(feat.endsWith("\n211 End"), feat);
      for (String f : new String[] {" EPSV", " EPRT", " MDTM", " SIZE", " REST STREAM", " UTF8", " MLST type*;size*;modify*;perm*;"}) {
        assertTrue(feat.contains("\n" + f + "\n") || feat.contains("\n" + f), f);
      }
    }
  }

  @Test
  void telnetBytesBareLinefeedsAndLowerCase() throws IOException {
    try (Ctl c = user()) {
      // IAC IP IAC DM before a command (how a Telnet client interrupts), IAC WILL x, a bare LF, lower case:
      c.raw(new byte[] {(byte) 255, (byte) 244, (byte) 255, (byte) 242, 'n', 'o', 'o', 'p', '\n'});
      assertEquals(200, code(c.read()));
      c.raw(new byte[] {(byte) 255, (byte) 251, 1, 's', 'y', 's', 't', '\r', '\n'});
      assertEquals("215 UNIX Type: L8", c.read());
      assertEquals("257 \"/\" is the current directory.", c.cmd("xpwd"));
    }
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrder() throws IOException {
    try (Ctl c = user()) {
      c.raw("MKD d\r\nCWD d\r\nPWD\r\nCDUP\r\nSIZE a.txt\r\nNOOP\r\n".getBytes(StandardCharsets.UTF_8));
      assertEquals("257 \"/d\" created.", c.read());
      assertEquals(250, code(c.read()));
      assertEquals("257 \"/d\" is the current directory.", c.read());
      assertEquals(250, code(c.read()));
      assertEquals("213 10", c.read());
      assertEquals(200, code(c.read()));
    }
  }

  @Test
  void modesAndTypes() throws IOException {
    try (Ctl c = user()) {
      assertEquals(200, code(c.cmd("TYPE I")));
      assertEquals(200, code(c.cmd("TYPE A")));
      assertEquals(200, code(c.cmd("TYPE L 8")));
      assertEquals(504, code(c.cmd("TYPE E")));
      assertEquals(501, code(c.cmd("TYPE Q")));
      assertEquals(200, code(c.cmd("MODE S")));
      assertEquals(504, code(c.cmd("MODE B")));
      assertEquals(200, code(c.cmd("STRU F")));
      assertEquals(504, code(c.cmd("STRU R")));
      assertEquals(200, code(c.cmd("OPTS UTF8 ON")));
      assertEquals(202, code(c.cmd("ALLO 100")));
      assertEquals(425, code(c.cmd("RETR a.txt")), "no PASV or PORT first");
      assertEquals(501, code(c.cmd("REST -1")));
      assertTrue(c.cmd("STAT").startsWith("211-"));
      String help = c.cmd("HELP");
      assertTrue(help.startsWith("214-") && help.contains("MLSD"), help);
    }
  }

  @Test
  void restThenRetrAndMlst() throws IOException {
    try (Ctl c = user()) {
      c.cmd("TYPE I");
      assertEquals(350, code(c.cmd("REST 4")));
      Socket data = c.transfer("RETR a.txt");
      assertEquals("456789", new String(Ctl.readAll(data), StandardCharsets.UTF_8));
      assertEquals(226, code(c.read()));
      assertEquals(350, code(c.cmd("REST 11")));
      data = c.passive();
      assertEquals(554, code(c.cmd("RETR a.txt")));
      data.close();
      String mlst = c.cmd("MLST a.txt");
      assertTrue(mlst.matches("250-.*\n type=file;size=10;modify=\\d{14};perm=radfw; /a.txt\n250 End"), mlst);
      String stat = c.cmd("STAT /");
      assertTrue(stat.startsWith("213-") && stat.contains(" a.txt\n"), stat);
      assertEquals(257, code(c.cmd("MKD say \"hi\"")));
      assertEquals(250, code(c.cmd("CWD say \"hi\"")));
      assertEquals("257 \"/say \"\"hi\"\"\" is the current directory.", c.cmd("PWD"));
    }
  }

  @Test
  void withoutPasvOrPortATransferIs425AndTheFileIsLeftAlone() throws IOException {
    try (Ctl c = user()) {
      assertEquals(425, code(c.cmd("STOR a.txt")));
      assertEquals(425, code(c.cmd("APPE a.txt")));
      assertEquals(425, code(c.cmd("RETR a.txt")));
      assertEquals("0123456789", Files.readString(root.resolve("a.txt")), "not truncated");
    }
  }

  @Test
  void aborStopsARunningTransfer() throws IOException {
    try (Ctl c = user()) {
      c.cmd("TYPE I");
      Socket data = c.transfer("RETR big.bin");
      data.getInputStream().readNBytes(1024); // the transfer is running; the client stops reading
      assertEquals("213 Transfer in progress.", c.cmd("STAT"));
      c.send("ABOR");
      assertEquals(426, code(c.read()));
      assertEquals(226, code(c.read()));
      data.close();
      assertEquals(225, code(c.cmd("ABOR")), "nothing left to abort");
      assertEquals(200, code(c.cmd("NOOP")));
      Socket up = c.transfer("STOR cut.bin");
      up.getOutputStream().write(new byte[1000]); // an upload under way, its end not sent
      c.send("ABOR");
      assertEquals(426, code(c.read()), "the upload is aborted, not reported complete");
      assertEquals(226, code(c.read()));
      assertThrows(SocketException.class, () -> up.getInputStream().read(), "its data connection reset by the server");
      up.close();
      assertEquals(200, code(c.cmd("NOOP")), "and nothing more is said about it");
    }
  }

  @Test
  void storeStreamsToTheFileAndAppendAppends() throws IOException {
    byte[] content = new byte[5 * 1024 * 1024];
    new java.util.Random(1).nextBytes(content);
    try (Ctl c = user()) {
      c.cmd("TYPE I");
      Socket data = c.transfer("STOR up.bin");
      try (OutputStream out = data.getOutputStream()) {
        out.write(content);
      }
      assertEquals(226, code(c.read()));
      assertArrayEquals(content, Files.readAllBytes(root.resolve("up.bin")));
      data = c.transfer("APPE a.txt");
      try (OutputStream out = data.getOutputStream()) {
        out.write("ABC".getBytes(StandardCharsets.UTF_8));
      }
      assertEquals(226, code(c.read()));
      assertEquals("0123456789ABC", Files.readString(root.resolve("a.txt")));
      assertEquals(350, code(c.cmd("RNFR a.txt")));
      assertEquals(250, code(c.cmd("RNTO b.txt")));
      assertEquals(503, code(c.cmd("RNTO c.txt")), "RNTO needs RNFR first");
      assertEquals(550, code(c.cmd("RNFR missing.txt")));
      assertEquals(550, code(c.cmd("RMD /")));
      assertEquals(550, code(c.cmd("DELE missing.txt")));
      assertEquals(257, code(c.cmd("MKD sub")));
      data = c.passive();
      assertEquals(550, code(c.cmd("STOR sub")), "a directory is not a file");
      data.close();
      assertEquals(550, code(c.cmd("MKD sub")), "exists");
      assertEquals(550, code(c.cmd("DELE sub")), "DELE is for files");
      assertEquals(550, code(c.cmd("RMD /")));
      Files.writeString(root.resolve("sub/x"), "x");
      assertEquals(550, code(c.cmd("RMD sub")), "not empty");
      assertEquals(250, code(c.cmd("DELE b.txt")));
    }
  }

  @Test
  void anUploadWhoseClientHalfClosesIsStoredWhole() throws Exception {
    try (Ctl c = user()) {
      c.cmd("TYPE I");
      Socket data = c.passive();
      data.getOutputStream().write("sent early".getBytes(StandardCharsets.UTF_8));
      data.shutdownOutput(); // all of it and its end, before STOR: the server holds the connection until then
      Thread.sleep(300);
      assertEquals(150, code(c.cmd("STOR early.txt")));
      assertEquals(226, code(c.read()));
      assertEquals(-1, data.getInputStream().read(), "closed by the server once the transfer is done");
      assertEquals("sent early", Files.readString(root.resolve("early.txt")));
      data = c.transfer("STOR late.txt");
      data.getOutputStream().write("half-closed".getBytes(StandardCharsets.UTF_8));
      data.shutdownOutput(); // the end, the socket still open for reading
      assertEquals(226, code(c.read()));
      assertEquals(-1, data.getInputStream().read());
      assertEquals("half-closed", Files.readString(root.resolve("late.txt")));
    }
  }

  @Test
  void typeAConvertsLineEndsBothWays() throws IOException {
    Files.writeString(root.resolve("lines.txt"), "one\ntwo\r\nthree\n");
    String manyLines = "a line of text\r\n".repeat(200_000); // 3 MB: several batches, CRLFs split between reads
    try (Ctl c = user()) {
      assertEquals(200, code(c.cmd("TYPE A")));
      Socket data = c.passive();
      assertTrue(c.cmd("RETR lines.txt").startsWith("150 Opening ASCII mode"));
      assertEquals("one\r\ntwo\r\nthree\r\n", new String(Ctl.readAll(data), StandardCharsets.UTF_8));
      assertEquals(226, code(c.read()));
      data = c.transfer("STOR up.txt");
      try (OutputStream out = data.getOutputStream()) {
        out.write("a\r\nb\rc\r\nd".getBytes(StandardCharsets.UTF_8));
      }
      assertEquals(226, code(c.read()));
      assertEquals("a\nb\rc\nd", Files.readString(root.resolve("up.txt")));
      data = c.transfer("STOR many.txt");
      try (OutputStream out = data.getOutputStream()) {
        byte[] bytes = manyLines.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7001) {
          out.write(bytes, i, Math.min(7001, bytes.length - i));
        }
      }
      assertEquals(226, code(c.read()));
      assertEquals(manyLines.replace("\r\n", "\n"), Files.readString(root.resolve("many.txt")));
      data = c.transfer("RETR many.txt");
      assertEquals(manyLines, new String(Ctl.readAll(data), StandardCharsets.UTF_8), "and back, as sent");
      assertEquals(226, code(c.read()));
      assertEquals(200, code(c.cmd("TYPE I")));
      data = c.transfer("RETR lines.txt");
      assertEquals("one\ntwo\r\nthree\n", new String(Ctl.readAll(data), StandardCharsets.UTF_8), "TYPE I: as is");
      assertEquals(226, code(c.read()));
    }
  }
}
