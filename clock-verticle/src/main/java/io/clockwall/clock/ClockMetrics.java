package io.clockwall.clock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one listening address (every instance serving it), read from its {@link ClockStats} and
 * {@link ConnectionLimit} when scraped, labelled with the clock's {@code port} and {@code zone}. In Prometheus:
 * {@code clockwall_clock_connections}, {@code clockwall_clock_accepted_total}, ..., and the histogram
 * {@code clockwall_clock_tick_fanout_seconds}: from a second's boundary to the last client's write of its tick.
 */
final class ClockMetrics {

  private static final Duration[] FANOUT_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(500_000),
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1)};

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Timer fanout;

  ClockMetrics(MeterRegistry registry, ClockPort port, int actualPort, String zone) {
    this.registry = registry;
    Tags tags = Tags.of("port", Integer.toString(actualPort), "zone", zone);
    ConnectionLimit limit = port.limit();
    ClockStats stats = port.stats();
    meters.add(Gauge.builder("clockwall.clock.connections", limit, ConnectionLimit::open)
      .description("Clients connected now").tags(tags).register(registry));
    counter("clockwall.clock.accepted", "Clients accepted", tags, limit, ConnectionLimit::accepted);
    counter("clockwall.clock.refused", "Connections closed at once: maxConnections reached", tags, limit,
      ConnectionLimit::refused);
    counter("clockwall.clock.ticks", "Ticks sent (one a second per instance)", tags, stats, ClockStats::ticks);
    counter("clockwall.clock.skipped.ticks", "Lines not sent to a client whose write queue was full", tags, stats,
      ClockStats::skippedTicks);
    counter("clockwall.clock.slow.clients.closed", "Clients closed after maxSkippedTicks skipped ticks in a row",
      tags, stats, ClockStats::slowClientsClosed);
    counter("clockwall.clock.reset.before.first.line", "Clients gone (reset, closed) before their first line",
      tags, stats, ClockStats::resetsBeforeFirstLine);
    fanout = Timer.builder("clockwall.clock.tick.fanout")
      .description("From a second's boundary to the last client's write of its tick").tags(tags)
      .serviceLevelObjectives(FANOUT_BUCKETS).register(registry);
    meters.add(fanout);
  }

  private <T> void counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
    meters.add(FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry));
  }

  /** One tick's fan-out: {@code nanos} from the boundary to its last write. Any thread. */
  void fanout(long nanos) {
    fanout.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Removes the meters (the address is no longer served). */
  void close() {
    meters.forEach(registry::remove);
  }
}
