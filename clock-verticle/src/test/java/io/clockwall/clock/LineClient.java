package io.clockwall.clock;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A test client on a real socket: the lines it reads, each with the wall-clock time it arrived. */
final class LineClient {

  /** One line as received (without its newline) and when. */
  record Line(String text, long arrivedMillis) {

    LocalTime time() {
      return LocalTime.parse(text.substring(0, 8));
    }

    /** Milliseconds from the second this line names (in {@code zone}) to its arrival. */
    long lateMillis(ZoneId zone) {
      long arrivedOfDay = java.time.Instant.ofEpochMilli(arrivedMillis).atZone(zone).toLocalTime()
        .toNanoOfDay() / 1_000_000;
      long namedOfDay = time().toSecondOfDay() * 1000L;
      return Math.floorMod(arrivedOfDay - namedOfDay, 86_400_000L);
    }
  }

  private final NetSocket socket;
  private final List<Line> lines = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private int wanted;
  private Promise<List<Line>> waiter;

  private LineClient(NetSocket socket) {
    this.socket = socket;
    socket.handler(RecordParser.newDelimited("\n", bytes -> received(bytes.toString())));
    socket.closeHandler(v -> closed.tryComplete());
  }

  static Future<LineClient> connect(NetClient client, int port) {
    return client.connect(port, "127.0.0.1").map(LineClient::new);
  }

  private synchronized void received(String text) {
    lines.add(new Line(text, System.currentTimeMillis()));
    if (waiter != null && lines.size() >= wanted) {
      waiter.complete(List.copyOf(lines.subList(0, wanted)));
      waiter = null;
    }
  }

  /** The first {@code n} lines, once they have arrived. */
  synchronized Future<List<Line>> lines(int n) {
    if (lines.size() >= n) {
      return Future.succeededFuture(List.copyOf(lines.subList(0, n)));
    }
    wanted = n;
    waiter = Promise.promise();
    return waiter.future();
  }

  synchronized List<Line> received() {
    return List.copyOf(lines);
  }

  /** Completes when the server closes the connection (EOF). */
  Future<Void> closed() {
    return closed.future();
  }

  NetSocket socket() {
    return socket;
  }

  Future<Void> close() {
    return socket.close();
  }

  /** Asserts each line names the second after the previous one. */
  static void assertConsecutive(List<Line> lines) {
    for (int i = 1; i < lines.size(); i++) {
      LocalTime previous = lines.get(i - 1).time();
      LocalTime current = lines.get(i).time();
      long step = Math.floorMod(previous.until(current, ChronoUnit.SECONDS), 86_400L);
      org.junit.jupiter.api.Assertions.assertEquals(1, step, "line " + i + " after " + previous + ": " + current
        + " in " + lines);
    }
  }
}
