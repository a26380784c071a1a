package io.clockwall.clock;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionLimitLogTest {

  @Test
  void aStormOfRefusalsIsCountedAndLoggedOncePerInterval() {
    Logger logger = (Logger) LoggerFactory.getLogger(ConnectionLimit.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      ConnectionLimit limit = new ConnectionLimit(2);
      assertTrue(limit.tryAcquire());
      assertTrue(limit.tryAcquire());
      for (int i = 0; i < 10_000; i++) {
        assertFalse(limit.tryAcquire());
      }
      assertEquals(10_000, limit.refused());
      assertEquals(2, limit.open());
      assertEquals(2, limit.accepted());
      assertEquals(1, logged.list.size(), "one line per 10 s, however many refusals");
      assertEquals("maxConnections=2 reached: refused 1 connection(s) since the last report (1 in total)",
        logged.list.get(0).getFormattedMessage());
      limit.release();
      assertTrue(limit.tryAcquire(), "a freed slot is taken again");
    } finally {
      logger.detachAppender(logged);
    }
  }
}
