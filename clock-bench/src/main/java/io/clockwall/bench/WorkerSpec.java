package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one load client (one process, one selector thread) does: whom to connect to, from which
 * source addresses, how many connections of each kind, and the hard bounds on its lifetime.
 *
 * @param host             target address (loopback, checked by {@link BenchConfig})
 * @param port             target port
 * @param sources          local addresses to bind, used round-robin (127.0.0.0/8)
 * @param readers          connections that read and check every label
 * @param slow             connections that never read
 * @param flood            connections that read and also write junk
 * @param floodBytesPerSec junk bytes per second per flooding connection
 * @param slowRcvBuf       SO_RCVBUF for slow connections, 0 = system default
 * @param maxInflight      connects in flight at once
 * @param connectTimeoutMs bound on the connect phase
 * @param settleMs         after the last connect, how long to wait for every reader's first line
 * @param lifetimeMs       hard bound on the whole client's life; it stops by itself after this
 * @param parkMicros       after handling a non-empty batch, sleep this long outside epoll so that
 *                         arrivals queue up instead of waking the client for each (0 = never)
 * @param ssePath          null: the clock protocol (a line per second); else viewers of a wall's live page: each
 *                         connection asks {@code GET ssePath} and reads its Server-Sent Events, whose {@code id:}
 *                         is the epoch second of the row
 */
record WorkerSpec(String host, int port, List<String> sources, int readers, int slow, int flood,
                  int floodBytesPerSec, int slowRcvBuf, int maxInflight, long connectTimeoutMs,
                  long settleMs, long lifetimeMs, int parkMicros, String ssePath) {

  int total() {
    return readers + slow + flood;
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("host", host).put("port", port).put("sources", new JsonArray(List.copyOf(sources)))
      .put("readers", readers).put("slow", slow).put("flood", flood)
      .put("floodBytesPerSec", floodBytesPerSec).put("slowRcvBuf", slowRcvBuf)
      .put("maxInflight", maxInflight).put("connectTimeoutMs", connectTimeoutMs)
      .put("settleMs", settleMs).put("lifetimeMs", lifetimeMs).put("parkMicros", parkMicros)
      .put("ssePath", ssePath);
  }

  static WorkerSpec fromJson(JsonObject j) {
    List<String> sources = j.getJsonArray("sources").stream().map(Object::toString).toList();
    return new WorkerSpec(j.getString("host"), j.getInteger("port"), sources,
      j.getInteger("readers"), j.getInteger("slow"), j.getInteger("flood"),
      j.getInteger("floodBytesPerSec"), j.getInteger("slowRcvBuf"), j.getInteger("maxInflight"),
      j.getLong("connectTimeoutMs"), j.getLong("settleMs"), j.getLong("lifetimeMs"), j.getInteger("parkMicros", 0),
      j.getString("ssePath"));
  }
}
