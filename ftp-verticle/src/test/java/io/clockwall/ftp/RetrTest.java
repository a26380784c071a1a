package io.clockwall.ftp;

import static io.clockwall.ftp.Ctl.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * RETR of a file of several regions ({@link FileSender#REGION}), from a REST offset inside a region; a client that
 * resets the data connection halfway gets 426 and the server logs nothing, with or without a stack trace.
 */
@ExtendWith(VertxExtension.class)
class RetrTest {

  private static final int SIZE = (int) (2 * FileSender.REGION + FileSender.REGION / 3 + 7);

  @TempDir
  Path root;
  int port;
  byte[] content = new byte[SIZE];
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    new Random(7).nextBytes(content);
    Files.write(root.resolve("big.bin"), content);
    port = FtpTestServer.deploy(vertx, FtpTestServer.config(root));
    appender.start();
    rootLogger.addAppender(appender);
  }

  @AfterEach
  void release() {
    rootLogger.detachAppender(appender);
  }

  private Ctl user() throws IOException {
    return new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD);
  }

  @Test
  void everyRegionArrivesInOrderFromTheRestOffset() throws IOException {
    try (Ctl c = user()) {
      c.cmd("TYPE I");
      assertArrayEquals(content, retrBig(c));
      long offset = FileSender.REGION + 12_345;
      assertEquals(350, code(c.cmd("REST " + offset)));
      assertArrayEquals(Arrays.copyOfRange(content, (int) offset, SIZE), retrBig(c));
      assertEquals(350, code(c.cmd("REST " + SIZE)));
      assertEquals(0, retrBig(c).length, "a REST at the end sends nothing");
    }
  }

  /** RETR big.bin over a passive connection: 150, all the bytes, 226. */
  private static byte[] retrBig(Ctl c) throws IOException {
    Socket data = c.transfer("RETR big.bin");
    byte[] bytes = Ctl.readAll(data);
    assertEquals(226, code(c.read()));
    return bytes;
  }

  @Test
  void aFileCutShorterWhileItIsSentEndsIn426() throws Exception {
    try (Ctl c = user()) {
      c.cmd("TYPE I");
      Socket data = c.transfer("RETR big.bin");
      byte[] head = data.getInputStream().readNBytes(1000); // the socket's buffers fill; the rest waits in the file
      try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(root.resolve("big.bin"),
          java.nio.file.StandardOpenOption.WRITE)) {
        f.truncate(FileSender.REGION / 2);
      }
      byte[] rest = Ctl.readAll(data);
      assertEquals(426, code(c.read()), "the client must not take a short file for a whole one");
      assertTrue(head.length + rest.length < SIZE);
      assertEquals(200, code(c.cmd("NOOP")));
    }
  }

  @Test
  void aResetHalfwayIsA426AndNoLogLine() throws Exception {
    for (int i = 0; i < 5; i++) {
      try (Ctl c = user()) {
        c.cmd("TYPE I");
        Socket data = c.transfer("RETR big.bin");
        data.getInputStream().readNBytes((int) FileSender.REGION + 1000);
        data.setSoLinger(true, 0);
        data.close(); // an RST with most of the file still to send
        assertEquals(426, code(c.read()));
        assertEquals(200, code(c.cmd("NOOP")), "the session goes on");
      }
    }
    Thread.sleep(200);
    List<ILoggingEvent> logged = List.copyOf(appender.list);
    assertTrue(logged.isEmpty(), () -> "logged: " + logged.stream().map(e -> e.getLevel() + " " + e.getLoggerName()
        + " " + e.getFormattedMessage()).toList());
  }
}
