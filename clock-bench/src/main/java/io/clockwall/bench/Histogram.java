package io.clockwall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A small mergeable log-linear histogram of non-negative values (microseconds here).
 * Values below 128 are exact; above, each power of two is split into 64 buckets, so a
 * reported percentile is within 1.6% of the true value. Min, max, count and sum are exact.
 * Not thread-safe: each load client owns its own and they are merged afterwards.
 */
final class Histogram {

  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;          // 64 buckets per power of two
  private static final int DIRECT = 2 * SUB;             // 0..127 stored exactly
  private static final int SIZE = DIRECT + (64 - SUB_BITS) * SUB;

  private final long[] counts = new long[SIZE];
  private long count;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  void record(long value) {
    long v = Math.max(0, value);
    counts[index(v)]++;
    count++;
    sum += v;
    if (v < min) {
      min = v;
    }
    if (v > max) {
      max = v;
    }
  }

  long count() {
    return count;
  }

  long max() {
    return count == 0 ? 0 : max;
  }

  long min() {
    return count == 0 ? 0 : min;
  }

  double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /** The value at percentile p (0..100): the upper edge of its bucket, capped at the exact max. */
  long percentile(double p) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p / 100.0 * count);
    rank = Math.max(1, Math.min(count, rank));
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, Math.max(min, upperEdge(i)));
      }
    }
    return max;
  }

  void merge(Histogram other) {
    for (int i = 0; i < SIZE; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  static int index(long v) {
    if (v < DIRECT) {
      return (int) v;
    }
    int msb = 63 - Long.numberOfLeadingZeros(v);
    int shift = msb - SUB_BITS;                     // v >> shift is in [64, 128)
    return DIRECT + (shift - 1) * SUB + (int) ((v >> shift) - SUB);
  }

  static long upperEdge(int index) {
    if (index < DIRECT) {
      return index;
    }
    int shift = (index - DIRECT) / SUB + 1;
    long top = (index - DIRECT) % SUB + SUB;
    return ((top + 1) << shift) - 1;
  }

  /** Sparse JSON form: {count,sum,min,max,buckets:[[index,count],...]}. */
  JsonObject toJson() {
    JsonArray buckets = new JsonArray();
    for (int i = 0; i < SIZE; i++) {
      if (counts[i] != 0) {
        buckets.add(new JsonArray().add(i).add(counts[i]));
      }
    }
    return new JsonObject()
      .put("count", count).put("sum", sum).put("min", min()).put("max", max())
      .put("buckets", buckets);
  }

  static Histogram fromJson(JsonObject json) {
    Histogram h = new Histogram();
    if (json == null) {
      return h;
    }
    h.count = json.getLong("count", 0L);
    h.sum = json.getLong("sum", 0L);
    if (h.count > 0) {
      h.min = json.getLong("min");
      h.max = json.getLong("max");
    }
    for (Object o : json.getJsonArray("buckets", new JsonArray())) {
      JsonArray pair = (JsonArray) o;
      h.counts[pair.getInteger(0)] += pair.getLong(1);
    }
    return h;
  }

  /** Summary for reports, in milliseconds: {n,p50,p99,max,min,mean}. */
  JsonObject summaryMillis() {
    return new JsonObject()
      .put("n", count)
      .put("min_ms", min() / 1000.0)
      .put("p50_ms", percentile(50) / 1000.0)
      .put("p99_ms", percentile(99) / 1000.0)
      .put("p999_ms", percentile(99.9) / 1000.0)
      .put("max_ms", max() / 1000.0)
      .put("mean_ms", Math.round(mean()) / 1000.0);
  }
}
