package io.clockwall.ftp;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.clockwall.ftp.Ctl.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads to a disk that does not keep up: what they hold in memory stays within {@code uploadBufferMb}, and once the
 * disk catches up every byte is stored. The stalled disk is the worker pool, held busy by the test.
 */
@ExtendWith(VertxExtension.class)
class UploadBudgetTest {

  private static final int UPLOADS = 4;
  private static final int SIZE = 8 * 1024 * 1024;
  private static final int WORKERS = VertxOptions.DEFAULT_WORKER_POOL_SIZE; // the test's Vertx has the default pool

  @Test
  void uploadsToAStalledDiskHoldNoMoreThanTheBudget(Vertx vertx, @TempDir Path root) throws Exception {
    int port = FtpTestServer.deploy(vertx, FtpTestServer.config(root).put("uploadBufferMb", 1), 2);
    UploadBudget budget = ((SharedAddress) vertx.sharedData().getLocalMap("clockwall.ftp.addresses")
        .get("127.0.0.1:" + port)).uploads;
    List<Ctl> sessions = new ArrayList<>();
    List<Socket> data = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(UPLOADS);
    CountDownLatch stall = new CountDownLatch(1);
    try {
      for (int i = 0; i < UPLOADS; i++) {
        Ctl c = new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD);
        sessions.add(c);
        c.cmd("TYPE I");
        data.add(c.transfer("STOR up" + i + ".bin"));
        byte[] content = new byte[SIZE];
        new Random(i).nextBytes(content);
        contents.add(content);
      }
      CountDownLatch busy = new CountDownLatch(WORKERS);
      for (int i = 0; i < WORKERS; i++) {
        vertx.executeBlocking(() -> {
          busy.countDown();
          return stall.await(30, TimeUnit.SECONDS);
        }, false);
      }
      assertTrue(busy.await(10, TimeUnit.SECONDS), "every worker held: no write reaches the disk");
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        Socket socket = data.get(i);
        byte[] content = contents.get(i);
        sent.add(senders.submit(() -> {
          try (OutputStream out = socket.getOutputStream()) {
            out.write(content);
          }
          return null;
        }));
      }
      long most = 0;
      for (int i = 0; i < 20; i++) { // two seconds of uploads that cannot be written
        Thread.sleep(100);
        most = Math.max(most, budget.held());
      }
      // Without the budget each upload would hold 2 MiB waiting (its own limit) beyond its first batch: 8 MiB in all.
      // With it: 1 MiB, plus at most a read per upload that was under way when it paused.
      assertTrue(most > 0, "the uploads were held: " + most);
      assertTrue(most <= 1024 * 1024 + UPLOADS * FileReceiver.MAX_READ_BYTES, "held " + most + " bytes");
      stall.countDown();
      for (int i = 0; i < UPLOADS; i++) {
        sent.get(i).get(30, TimeUnit.SECONDS);
        assertEquals(226, code(sessions.get(i).read()), "upload " + i);
      }
      for (int i = 0; i < UPLOADS; i++) {
        assertArrayEquals(contents.get(i), Files.readAllBytes(root.resolve("up" + i + ".bin")), "upload " + i);
      }
      assertEquals(0, budget.held(), "all given back");
    } finally {
      stall.countDown();
      senders.shutdownNow();
      for (Ctl c : sessions) {
        closeQuietly(c);
      }
    }
  }

  private static void closeQuietly(Ctl c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // the test's outcome is decided
    }
  }
}
