package io.clockwall.ftp;

import static io.clockwall.ftp.Ctl.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A flood of refused connections, failed logins and bounce attempts logs at most about a line a second of each. */
@ExtendWith(VertxExtension.class)
class FloodLoggingTest {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FtpVerticle.class);

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  private long lines(String containing) {
    return List.copyOf(appender.list).stream().filter(e -> e.getFormattedMessage().contains(containing)).count();
  }

  @Test
  void floodsAreRateLimited(Vertx vertx, @TempDir Path root) throws Exception {
    int port = FtpTestServer.deploy(vertx, FtpTestServer.config(root)
        .mergeIn(new JsonObject().put("maxConnectionsPerIp", 1).put("loginFailureDelayMs", 0).put("maxLoginFailures", 1000)));
    long start = System.nanoTime();
    try (Ctl held = new Ctl(port).greeted()) {
      for (int i = 0; i < 100; i++) {
        try (Ctl refused = new Ctl(port)) {
          assertEquals(421, code(refused.read()));
        }
      }
      for (int i = 0; i < 100; i++) {
        held.cmd("USER " + FtpTestServer.USER);
        assertEquals(530, code(held.cmd("PASS guess" + i)));
      }
    }
    try (Ctl c = Ctl.greetedWhenFree(port).login("anonymous", "x")) {
      for (int i = 0; i < 100; i++) {
        assertEquals(501, code(c.cmd("PORT 10,0,0," + (i % 250) + ",200,10")));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long allowed = (long) Math.ceil(seconds) + 1;
    assertTrue(lines("refused a connection") <= allowed, lines("refused a connection") + " in " + seconds + " s");
    assertTrue(lines("failed login") <= allowed, lines("failed login") + " in " + seconds + " s");
    assertTrue(lines("refused PORT") <= allowed, lines("refused PORT") + " in " + seconds + " s");
    assertTrue(lines("refused a connection") >= 1 && lines("failed login") >= 1 && lines("refused PORT") >= 1);
  }
}
