package io.clockwall.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.transport.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which Netty transport a process runs on. A service names the native transports it prefers, best first
 * ({@link Service#transports()}); the first one that this jar carries and this kernel allows is used, else NIO.
 * {@code CLOCKWALL_TRANSPORT=io_uring|epoll|nio} asks for one, and refuses to start where it cannot run;
 * {@code -options '{"preferNativeTransport":false}'} means NIO.
 *
 * <p>The choice and why better ones were passed over ("epoll (io_uring unavailable: ...)") is what
 * {@link #describe(Vertx)} tells a verticle's start line.
 */
public final class Transports {

  /** The environment variable that asks for one transport. */
  public static final String ENV = "CLOCKWALL_TRANSPORT";
  private static final String MAP = "clockwall.runtime";
  private static final String KEY = "transport";
  private static final List<String> NAMES = List.of("io_uring", "epoll", "nio");

  /** A transport chosen, with the line that says so. */
  public record Choice(Transport transport, String description) {
  }

  private Transports() {
  }

  /**
   * Netty's io_uring settings for a clockwall server, unless the user's {@code -D} flags say otherwise; read once,
   * when Netty's io_uring classes load.
   * <ul>
   *   <li>a fan-out chunk ({@link FanOut#CHUNK}, 1,024 sends) goes to the kernel in one system call: Netty's default
   *   submission queue holds 128;</li>
   *   <li>one accept at a time, as with epoll: with io_uring's multishot accept, a burst of connections past the
   *   open-file limit (25,000 attempts at a limit of 20,000) failed and re-armed in a loop, 58,131 warnings with a
   *   stack trace and 15.6 KiB of RSS per connection where epoll logs 6 and keeps 6.9 (clock-bench, over-limit
   *   run); single-shot accept logs 5 and keeps 6.8.</li>
   * </ul>
   */
  public static void ioUringDefaults(java.util.Properties properties) {
    properties.putIfAbsent("io.netty.iouring.ringSize", Integer.toString(FanOut.CHUNK));
    properties.putIfAbsent("io.netty.iouring.acceptMultiShotEnabled", "false");
  }

  /**
   * The transport to run on: the one {@code env} asks for (a {@link ConfigException} if it is unknown or cannot run
   * here), else the first available of {@code preferred}, else NIO.
   */
  static Choice choose(List<String> preferred, boolean preferNative, Map<String, String> env) {
    String asked = env.get(ENV);
    if (asked != null && !asked.isBlank()) {
      String name = asked.trim().toLowerCase(Locale.ROOT);
      if (!NAMES.contains(name)) {
        throw new ConfigException(ENV + "='" + OneLine.printable(asked) + "' is not one of io_uring, epoll, nio");
      }
      Transport t = byName(name);
      if (t == null || !t.available()) {
        throw new ConfigException(ENV + "=" + name + ": unavailable here: " + cause(t, name));
      }
      return new Choice(paced(t), name + " (" + ENV + ")");
    }
    if (!preferNative) {
      return new Choice(Transport.NIO, "nio (preferNativeTransport false)");
    }
    List<String> passed = new ArrayList<>();
    for (String name : preferred) {
      Transport t = byName(name);
      if (t != null && t.available()) {
        return new Choice(paced(t), passed.isEmpty() ? name : name + " (" + String.join("; ", passed) + ")");
      }
      passed.add(name + " unavailable: " + cause(t, name));
    }
    return new Choice(Transport.NIO, passed.isEmpty() ? "nio" : "nio (" + String.join("; ", passed) + ")");
  }

  /** A native transport, its servers accepting at the pace of their event loops ({@link AcceptPacer}). */
  private static Transport paced(Transport t) {
    return t == Transport.NIO ? t : PacedTransport.of(t);
  }

  /** The transport of that name, or null when this jar does not carry it. */
  private static Transport byName(String name) {
    return switch (name) {
      case "io_uring" -> Transport.IO_URING;
      case "epoll" -> Transport.EPOLL;
      case "nio" -> Transport.NIO;
      default -> null;
    };
  }

  private static String cause(Transport t, String name) {
    if (t == null) {
      return "not in this jar";
    }
    Throwable cause = t.unavailabilityCause();
    return cause == null ? "no reason given" : OneLine.of(cause);
  }

  /** Remembers the launcher's choice for {@link #describe(Vertx)}. */
  static void record(Vertx vertx, Choice choice) {
    vertx.sharedData().<String, String>getLocalMap(MAP).put(KEY, choice.description());
  }

  /**
   * The transport this Vert.x runs on, as a start line shows it: the launcher's description, or (a Vert.x built
   * elsewhere, as in tests) the transport's name.
   */
  public static String describe(Vertx vertx) {
    LocalMap<String, String> map = vertx.sharedData().getLocalMap(MAP);
    String recorded = map.get(KEY);
    if (recorded != null) {
      return recorded;
    }
    io.vertx.core.spi.transport.Transport transport = ((VertxInternal) vertx).transport();
    if (transport instanceof PacedTransport paced) {
      transport = paced.delegate();
    }
    String impl = transport.getClass().getSimpleName();
    return impl.startsWith("IoUring") ? "io_uring" : impl.startsWith("Epoll") ? "epoll"
      : impl.startsWith("KQueue") ? "kqueue" : "nio";
  }
}
