package io.clockwall.wall;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The wall's connections to its clocks: one {@link ClockConnection} per clock, each with its {@link ClockReport}
 * and, when the process publishes metrics, its {@link WallMetrics}; the {@link NetClient} they share. Follows config
 * changes: clocks added are connected, clocks removed are closed, unchanged clocks keep their connection (all of
 * them reconnect when the timings change). Single-threaded: the wall's event loop.
 */
final class ClockLinks {

  private final Vertx vertx;
  private final Optional<MeterRegistry> registry;
  private final Map<String, ClockConnection> connections = new LinkedHashMap<>();
  private final Map<String, ClockReport> reports = new LinkedHashMap<>();
  private final Map<String, WallMetrics> meters = new LinkedHashMap<>();
  private WallConfig config;
  private NetClient client;

  ClockLinks(Vertx vertx, Optional<MeterRegistry> registry, WallConfig config) {
    this.vertx = vertx;
    this.registry = registry;
    this.config = config;
    this.client = newClient(config);
    config.clocks().forEach(this::open);
  }

  /** What changed: the names of the clocks (re)connected and closed. */
  record Change(List<String> added, List<String> removed) {
  }

  Change apply(WallConfig next) {
    WallConfig previous = config;
    boolean timingsChanged = !previous.timings().equals(next.timings());
    List<String> removed = new ArrayList<>();
    List<Future<?>> stopping = new ArrayList<>();
    for (ClockSpec spec : previous.clocks()) {
      if (timingsChanged || !next.clocks().contains(spec)) {
        ClockConnection c = connections.remove(spec.name());
        if (c != null) {
          stopping.add(c.stop());
        }
        if (!next.clocks().contains(spec)) {
          reports.remove(spec.name());
          WallMetrics m = meters.remove(spec.name());
          if (m != null) {
            m.close();
          }
        }
        removed.add(spec.name());
      }
    }
    if (timingsChanged) {
      NetClient old = client;
      Future.join(stopping).eventually(old::close);
      client = newClient(next);
    }
    config = next;
    List<String> added = new ArrayList<>();
    for (ClockSpec spec : next.clocks()) {
      if (!connections.containsKey(spec.name())) {
        open(spec);
        added.add(spec.name());
      }
    }
    return new Change(added, removed);
  }

  /** Time passes (every ~100 ms): staleness, the end of floods, coalesced publications. */
  void check(long now) {
    connections.values().forEach(c -> c.check(now));
  }

  boolean anyLive() {
    return reports.values().stream().anyMatch(r -> r.state() == ClockState.LIVE);
  }

  /** Each clock's state, by name. */
  JsonObject states() {
    JsonObject states = new JsonObject();
    reports.forEach((name, report) -> states.put(name, report.state().wireName()));
    return states;
  }

  /** Closes every connection and the client; the meters go at once. */
  Future<Void> close() {
    meters.values().forEach(WallMetrics::close);
    meters.clear();
    List<Future<?>> closing = new ArrayList<>();
    connections.values().forEach(c -> closing.add(c.stop()));
    connections.clear();
    return Future.join(closing).eventually(client::close).mapEmpty();
  }

  private void open(ClockSpec spec) {
    ClockReport report = reports.computeIfAbsent(spec.name(), name -> new ClockReport(name, spec.zone(), vertx.eventBus()));
    registry.ifPresent(r -> meters.computeIfAbsent(spec.name(), name -> new WallMetrics(r, name, report)));
    ClockConnection connection = new ClockConnection(vertx, client, spec, config.timings(), report);
    connections.put(spec.name(), connection);
    connection.start();
  }

  /** A hung clock (no byte for {@code hungAfterMs}) is closed by the client's read-idle timeout. */
  private NetClient newClient(WallConfig config) {
    return vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) config.connectTimeoutMs())
        .setReadIdleTimeout((int) config.hungAfterMs())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true));
  }
}
