package io.clockwall.wall;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock server on loopback that runs a script for each connection on a thread of its own, with plain blocking
 * sockets: whatever bytes a hostile clock could send, at whatever pace.
 */
final class HostileClock implements AutoCloseable {

  /** What the server does with one connection; returning closes it. */
  interface Script {
    void run(Socket socket, OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  HostileClock(Script script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!closed) {
        try {
          Socket socket = server.accept();
          sockets.add(socket);
          Thread t = new Thread(() -> {
            try (socket) {
              script.run(socket, socket.getOutputStream());
            } catch (Exception e) {
              // the wall closed it, or the test ended
            }
          }, "hostile-clock-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "hostile-clock-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** An honest clock: the UTC time now, then every second at the boundary. */
  static Script honest() {
    return (socket, out) -> {
      while (true) {
        write(out, now() + "\n");
        long ms = System.currentTimeMillis();
        Thread.sleep(1000 - ms % 1000);
      }
    };
  }

  static String now() {
    // not LocalTime.toString(): it drops ":00" seconds ("06:00" at 06:00:00)
    return TestClockServer.HH_MM_SS.format(ZonedDateTime.now(ZoneOffset.UTC));
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Every second, {@code lineFor} applied to the current UTC HH:mm:ss. */
  static Script everySecond(java.util.function.UnaryOperator<String> lineFor) {
    return (socket, out) -> {
      while (true) {
        write(out, lineFor.apply(now()));
        Thread.sleep(1000 - System.currentTimeMillis() % 1000);
      }
    };
  }

  int port() {
    return server.getLocalPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  int connections() {
    return sockets.size();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
