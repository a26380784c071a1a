package io.clockwall.wall;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;

/**
 * The meters of one clock of the wall, labelled {@code clock}: in Prometheus {@code clockwall_wall_clock_up} (1 while
 * live), {@code clockwall_wall_clock_reconnects_total}, {@code clockwall_wall_clock_invalid_lines_total} and
 * {@code clockwall_wall_clock_label_lag_seconds} (arrival of the last label minus the start of the second it names,
 * by this machine's clock) and {@code clockwall_wall_clock_skew_seconds} (how far its last label was from the right
 * time: its zone's by this machine's clock when configured; 0 on time). Read from the clock's {@link ClockReport}
 * when scraped.
 */
final class WallMetrics {

  private final MeterRegistry registry;
  private final List<Meter> meters;

  WallMetrics(MeterRegistry registry, String clock, ClockReport report) {
    this.registry = registry;
    Tags tags = Tags.of("clock", clock);
    meters = List.of(
        Gauge.builder("clockwall.wall.clock.up", report, r -> r.state() == ClockState.LIVE ? 1 : 0)
            .description("1 while the clock is live, else 0").tags(tags).register(registry),
        FunctionCounter.builder("clockwall.wall.clock.reconnects", report, ClockReport::reconnects)
            .description("Connections to the clock opened again").tags(tags).register(registry),
        FunctionCounter.builder("clockwall.wall.clock.invalid.lines", report, ClockReport::invalidLines)
            .description("Lines from the clock that were not a valid label").tags(tags).register(registry),
        Gauge.builder("clockwall.wall.clock.label.lag", report, ClockReport::lagSeconds)
            .description("Arrival of the last label minus the start of the second it names").baseUnit("seconds")
            .tags(tags).register(registry),
        Gauge.builder("clockwall.wall.clock.skew", report, ClockReport::skewSeconds)
            .description("How far the last label was from the right time (positive: ahead); 0 on time")
            .baseUnit("seconds").tags(tags).register(registry));
  }

  void close() {
    meters.forEach(registry::remove);
  }
}
