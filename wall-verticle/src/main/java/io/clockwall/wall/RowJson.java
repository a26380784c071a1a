package io.clockwall.wall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A row of {@link Addresses#ROW} in the form the outside sees it: {@code --output json} and the live page. */
final class RowJson {

  private RowJson() {
  }

  /**
   * A row as one line of JSON, what {@code --output json} prints and the
   * live page receives:
   * <pre>
   * {"time":"2027-01-15T08:00:01Z","hours":24,"clocks":[{"name":"Tokyo","label":"17:00:01","state":"live",
   *  "offset":"+09:00","offsetMinutes":540,"lateMs":3,"lateP99Ms":9,"skewSeconds":null,"reconnects":0,
   *  "invalidLines":0,"zone":"Asia/Tokyo","date":"2027-01-15","dayDiff":0,"day":"Fri","dst":null,"dstAt":null,
   *  "dstDeltaMinutes":null,"workHours":"09:00-18:00","atWork":true}, ...]}
   * </pre>
   * {@code time} is the second the row stands for (UTC); every key is always there, {@code null} when unknown (the
   * zone's keys without a configured zone, the working hours' without working hours).
   */
  static String line(JsonObject row) {
    JsonArray clocks = new JsonArray();
    JsonArray columns = row.getJsonArray("columns");
    for (int i = 0; i < columns.size(); i++) {
      JsonObject c = columns.getJsonObject(i);
      Integer offset = c.getInteger("offsetMinutes");
      clocks.add(new JsonObject()
          .put("name", c.getString("clock"))
          .put("label", c.getString("label"))
          .put("state", c.getString("state"))
          .put("offset", offset == null ? null : Offsets.format(offset))
          .put("offsetMinutes", offset)
          .put("lateMs", c.getLong("lateMs"))
          .put("lateP99Ms", c.getLong("lateP99Ms"))
          .put("skewSeconds", c.getInteger("skewSeconds"))
          .put("reconnects", c.getLong("reconnects", 0L))
          .put("invalidLines", c.getLong("invalidLines", 0L))
          .put("zone", c.getString("zone"))
          .put("date", c.getString("date"))
          .put("dayDiff", c.getInteger("dayDiff"))
          .put("day", c.getString("day"))
          .put("dst", c.getString("dst"))
          .put("dstAt", c.getString("dstAt"))
          .put("dstDeltaMinutes", c.getInteger("dstDeltaMinutes"))
          .put("workHours", c.getString("workHours"))
          .put("atWork", c.getBoolean("atWork")));
    }
    return new JsonObject()
        .put("time", java.time.Instant.ofEpochSecond(row.getLong("second", 0L)).toString())
        .put("hours", row.getInteger("hours", 24))
        .put("clocks", clocks)
        .encode();
  }

}
