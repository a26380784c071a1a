package io.clockwall.ftp;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one control address, read from its {@link FtpStats} when scraped, labelled with the control
 * {@code port}. In Prometheus: {@code clockwall_ftp_sessions}, {@code clockwall_ftp_logins_total},
 * {@code clockwall_ftp_login_failures_total}, {@code clockwall_ftp_refused_total},
 * {@code clockwall_ftp_transfers_total{direction="retr|stor"}}, {@code clockwall_ftp_bytes_total{direction=...}},
 * {@code clockwall_ftp_upload_buffer_bytes}.
 */
final class FtpMetrics {

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  FtpMetrics(MeterRegistry registry, FtpStats stats, UploadBudget uploads, int port) {
    this.registry = registry;
    Tags tags = Tags.of("port", Integer.toString(port));
    meters.add(Gauge.builder("clockwall.ftp.sessions", stats, s -> s.sessions.get())
        .description("Control connections open now").tags(tags).register(registry));
    meters.add(Gauge.builder("clockwall.ftp.upload.buffer.bytes", uploads, UploadBudget::held)
        .description("Bytes uploads hold in memory now, counted against uploadBufferMb").tags(tags)
        .register(registry));
    counter("clockwall.ftp.logins", "Successful logins (USER and PASS)", tags, stats.logins);
    counter("clockwall.ftp.login.failures", "Refused logins (530, or 421 at maxLoginFailures)", tags,
        stats.loginFailures);
    counter("clockwall.ftp.refused", "Connections refused at once with 421: maxConnections or maxConnectionsPerIp",
        tags, stats.refused);
    for (FtpStats.Direction direction : FtpStats.Direction.values()) {
      Tags labelled = tags.and("direction", direction.label());
      counter("clockwall.ftp.transfers", "File transfers completed (226): retr, or stor (STOR and APPE)", labelled,
          direction == FtpStats.Direction.RETR ? stats.retrTransfers : stats.storTransfers);
      counter("clockwall.ftp.bytes", "File bytes sent (retr) or received (stor), also of transfers cut short",
          labelled, direction == FtpStats.Direction.RETR ? stats.retrBytes : stats.storBytes);
    }
  }

  private void counter(String name, String description, Tags tags, LongAdder source) {
    meters.add(FunctionCounter.builder(name, source, LongAdder::doubleValue).description(description).tags(tags)
        .register(registry));
  }

  /** Removes the meters (the address is no longer served). */
  void close() {
    meters.forEach(registry::remove);
  }
}
