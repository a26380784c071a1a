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

  @Test
  void theRestOfABurstIsReportedOnceTheIntervalHasPassed() throws InterruptedException {
    Logger logger = (Logger) LoggerFactory.getLogger(ConnectionLimit.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      ConnectionLimit limit = new ConnectionLimit(1, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
      assertTrue(limit.tryAcquire());
      for (int i = 0; i < 6_000; i++) {
        assertFalse(limit.tryAcquire());
      }
      limit.report(); // a tick within the interval: nothing new
      assertEquals(1, logged.list.size());
      Thread.sleep(60); // the interval passes (a plain unit test thread, no event loop)
      limit.report(); // the next tick
      limit.report();
      assertEquals(2, logged.list.size(), "the burst's rest in one more line, then nothing pending");
      assertEquals("maxConnections=1 reached: refused 5999 connection(s) since the last report (6000 in total)",
        logged.list.get(1).getFormattedMessage());
    } finally {
      logger.detachAppender(logged);
    }
  }
}
