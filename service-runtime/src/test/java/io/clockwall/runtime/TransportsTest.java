package io.clockwall.runtime;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's own class path carries Netty's epoll transport but not io_uring's: a jar without it. */
class TransportsTest {

  private static final List<String> CLOCKS = List.of("io_uring", "epoll");

  @Test
  void theFirstPreferredTransportThatCanRunIsTakenAndTheOthersSayWhyNot() {
    Transports.Choice choice = Transports.choose(CLOCKS, true, Map.of());
    assertEquals("epoll", choice.transport().name());
    assertTrue(choice.transport().implementation() instanceof PacedTransport, "servers accept at their loops' pace");
    assertEquals("epoll (io_uring unavailable: not in this jar)", choice.description());
    assertEquals("epoll", Transports.choose(List.of("epoll"), true, Map.of()).description());
  }

  @Test
  void nioWhenNativeTransportsAreNotWantedOrNoneCanRun() {
    assertSame(Transport.NIO, Transports.choose(CLOCKS, false, Map.of()).transport());
    assertEquals("nio (preferNativeTransport false)", Transports.choose(CLOCKS, false, Map.of()).description());
    assertEquals("nio (io_uring unavailable: not in this jar)",
      Transports.choose(List.of("io_uring"), true, Map.of()).description());
  }

  @Test
  void theEnvironmentAsksForOneAndAnUnknownOrMissingOneIsRefused() {
    assertEquals("nio (CLOCKWALL_TRANSPORT)",
      Transports.choose(CLOCKS, true, Map.of(Transports.ENV, " NIO ")).description());
    assertEquals("epoll (CLOCKWALL_TRANSPORT)",
      Transports.choose(List.of(), false, Map.of(Transports.ENV, "epoll")).description());
    assertEquals("CLOCKWALL_TRANSPORT='kqueue' is not one of io_uring, epoll, nio", assertThrows(ConfigException.class,
      () -> Transports.choose(CLOCKS, true, Map.of(Transports.ENV, "kqueue"))).getMessage());
    assertEquals("CLOCKWALL_TRANSPORT=io_uring: unavailable here: not in this jar", assertThrows(ConfigException.class,
      () -> Transports.choose(CLOCKS, true, Map.of(Transports.ENV, "io_uring"))).getMessage());
  }
}
