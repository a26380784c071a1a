package io.clockwall.ftp;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare control connection for tests (blocking, from the test thread): what a user's client sends and sees. */
final class Ctl implements Closeable {

  private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");

  final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  Ctl(int port) throws IOException {
    this(null, port);
  }

  /** Connects from {@code localAddress} (e.g. 127.0.0.2, another loopback address) when not null. */
  Ctl(String localAddress, int port) throws IOException {
    socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(localAddress, 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /**
   * A greeted connection, retried while the server still answers 421 (it frees a slot only once it has seen the
   * previous connection close).
   */
  static Ctl greetedWhenFree(int port) throws IOException, InterruptedException {
    return greetedWhenFree(port, 5);
  }

  /** As {@link #greetedWhenFree(int)}, retried for up to {@code seconds}. */
  static Ctl greetedWhenFree(int port, int seconds) throws IOException, InterruptedException {
    for (int i = 0; ; i++) {
      Ctl c = new Ctl(port);
      String greeting = c.read();
      if (code(greeting) == 220) {
        return c;
      }
      c.close();
      if (i == seconds * 20) {
        throw new IOException("no greeting: " + greeting);
      }
      Thread.sleep(50);
    }
  }

  /** Reads one whole reply (all lines of a multi-line one, joined by \n); null at end of stream. */
  String read() throws IOException {
    String first = in.readLine();
    if (first == null) {
      return null;
    }
    StringBuilder reply = new StringBuilder(first);
    if (first.length() >= 4 && first.charAt(3) == '-') {
      String end = first.substring(0, 3) + " ";
      String line;
      while ((line = in.readLine()) != null) {
        reply.append('\n').append(line);
        if (line.startsWith(end)) {
          break;
        }
      }
    }
    return reply.toString();
  }

  String cmd(String line) throws IOException {
    send(line);
    return read();
  }

  void send(String line) throws IOException {
    raw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  static int code(String reply) {
    return reply == null ? -1 : Integer.parseInt(reply.substring(0, 3));
  }

  Ctl greeted() throws IOException {
    String greeting = read();
    if (code(greeting) != 220) {
      throw new IOException("no greeting: " + greeting);
    }
    return this;
  }

  Ctl login(String user, String password) throws IOException {
    cmd("USER " + user);
    String reply = cmd("PASS " + password);
    if (code(reply) != 230) {
      throw new IOException("login refused: " + reply);
    }
    return this;
  }

  /** EPSV: the port it announces. */
  int epsvPort() throws IOException {
    String reply = cmd("EPSV");
    Matcher m = EPSV.matcher(reply);
    if (!m.find()) {
      throw new IOException("bad EPSV reply: " + reply);
    }
    return Integer.parseInt(m.group(1));
  }

  /** EPSV and a data connection to the port it announces (from {@code localAddress} when not null). */
  Socket passive(String localAddress) throws IOException {
    int port = epsvPort();
    Socket data = new Socket();
    if (localAddress != null) {
      data.bind(new InetSocketAddress(localAddress, 0));
    }
    data.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    data.setSoTimeout(10_000);
    return data;
  }

  Socket passive() throws IOException {
    return passive(null);
  }

  /**
   * A started transfer: EPSV, its data connection, then {@code command} (RETR, STOR, APPE, LIST...), which must be
   * answered 150. Returns the transfer's data socket.
   */
  Socket transfer(String command) throws IOException {
    Socket data = passive();
    String reply = cmd(command);
    if (code(reply) != 150) {
      data.close();
      throw new IOException(command + ": expected 150, got " + reply);
    }
    return data;
  }

  static byte[] readAll(Socket data) throws IOException {
    try (InputStream in = data.getInputStream()) {
      return in.readAllBytes();
    }
  }

  /** True when the server closed the control connection (end of stream or reset). */
  boolean closedByServer() {
    try {
      return in.readLine() == null;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
