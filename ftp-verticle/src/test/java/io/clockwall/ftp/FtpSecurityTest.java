package io.clockwall.ftp;

import static io.clockwall.ftp.Ctl.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on a running server over loopback, each asserting what the attacker sees. */
@ExtendWith(VertxExtension.class)
class FtpSecurityTest {

  @TempDir
  Path dir;
  Path root;
  Path outside;

  @BeforeEach
  void files() throws IOException {
    root = Files.createDirectories(dir.resolve("ftp"));
    outside = Files.createDirectories(dir.resolve("ftp2")); // the sibling whose name starts with the root's
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.writeString(dir.resolve("passwd"), "root:x:0:0");
    Files.writeString(root.resolve("public.txt"), "hello");
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("secret-link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("new-file.txt"));
    Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("public.txt"));
  }

  private int start(Vertx vertx) throws Exception {
    return FtpTestServer.deploy(vertx, FtpTestServer.config(root));
  }

  private int start(Vertx vertx, JsonObject overrides) throws Exception {
    return FtpTestServer.deploy(vertx, FtpTestServer.config(root).mergeIn(overrides));
  }

  @Test
  void dotDotNeverLeavesTheRoot(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      assertEquals(250, code(c.cmd("CWD ../../../..")));
      assertEquals("257 \"/\" is the current directory.", c.cmd("PWD"));
      assertEquals(250, code(c.cmd("CWD sub/./..//sub")));
      assertEquals("257 \"/sub\" is the current directory.", c.cmd("PWD"));
      assertEquals(550, code(c.cmd("SIZE ../../passwd")));
      assertEquals(550, code(c.cmd("SIZE ../ftp2/secret.txt")));
      assertEquals("213 5", c.cmd("SIZE ../../public.txt"));
      Socket data = c.passive();
      assertEquals(550, code(c.cmd("RETR ../../../passwd")));
      data.close();
    }
  }

  @Test
  void symbolicLinksOutOfTheRootAreRefused(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD)) {
      assertEquals(550, code(c.cmd("CWD escape")));
      assertEquals(550, code(c.cmd("SIZE escape/secret.txt")));
      assertEquals(550, code(c.cmd("SIZE secret-link.txt")));
      assertEquals(550, code(c.cmd("MDTM /secret-link.txt")));
      Socket data = c.passive();
      assertEquals(550, code(c.cmd("RETR secret-link.txt")));
      data.close();
      data = c.passive();
      assertEquals(550, code(c.cmd("STOR escape/planted.txt")));
      data.close();
      data = c.passive();
      assertEquals(550, code(c.cmd("STOR dangling")), "a dangling link must not create a file outside");
      data.close();
      assertEquals(550, code(c.cmd("MKD escape/newdir")));
      assertEquals(550, code(c.cmd("DELE escape/secret.txt")));
      assertEquals(550, code(c.cmd("RNFR escape/secret.txt")));
      assertEquals("213 5", c.cmd("SIZE inside-link.txt"), "a link that stays inside the root works");
      Files.createSymbolicLink(root.resolve("relative-link.txt"), Path.of("public.txt"));
      String listing = c.cmd("STAT /"); // LIST's lines on the control connection
      assertTrue(listing.contains(" relative-link.txt -> public.txt\n"), listing);
      assertTrue(listing.matches("(?s).*\n lrwxrwxrwx .* secret-link.txt\n.*"), listing);
      assertFalse(listing.contains(outside.toString()) || listing.contains(root.toString()),
          "LIST never tells an absolute link's target: " + listing);
      String mlst = c.cmd("MLST inside-link.txt");
      assertTrue(mlst.contains("type=file;size=5;") && mlst.contains(" /inside-link.txt\n"), mlst);
    }
    assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
    assertFalse(Files.exists(outside.resolve("planted.txt")));
    assertFalse(Files.exists(outside.resolve("new-file.txt")));
    assertFalse(Files.exists(outside.resolve("newdir")));
  }

  @Test
  void nulBytesOverLongPathsAndLinesGetAReply(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      c.raw("SIZE public.txt\0../../passwd\r\n".getBytes(StandardCharsets.UTF_8));
      assertEquals(501, code(c.read()));
      assertEquals(501, code(c.cmd("CWD " + "a/".repeat(600))));
      assertEquals(500, code(c.cmd("NOOP " + "x".repeat(100_000))));
      assertEquals(500, code(c.cmd("X".repeat(40))));
      assertEquals(200, code(c.cmd("NOOP")), "the session goes on");
      assertEquals(550, code(c.cmd("SIZE " + "n".repeat(300))), "a name over the file system's limit is a 550");
    }
  }

  @Test
  void noNameForgesAReplyOrAListingLine(Vertx vertx) throws Exception {
    Files.writeString(root.resolve("a\n-rw-r--r-- 1 ftp ftp 5 Jan  1 00:00 forged.txt"), "x"); // made on the disk
    Files.writeString(root.resolve("b\rforged-too.txt"), "x");
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD)) {
      assertEquals("501 CR in command.", c.cmd("MKD evil\r226 forged"), "RFC 959: no CR in a path");
      assertEquals("501 CR in command.", c.cmd("STOR x\rdone.txt"));
      try (var names = Files.list(root)) {
        assertEquals(0, names.filter(p -> p.getFileName().toString().startsWith("evil")
            || p.getFileName().toString().startsWith("x")).count(), "nothing created");
      }
      for (String listing : List.of("LIST", "NLST", "MLSD")) {
        Socket data = c.transfer(listing);
        String text = new String(Ctl.readAll(data), StandardCharsets.UTF_8);
        assertEquals(226, code(c.read()));
        assertTrue(text.contains("public.txt"), listing + ": " + text);
        assertFalse(text.contains("forged"), listing + " lists a name that no command can name: " + text);
        assertFalse(text.replace("\r\n", "").contains("\n") || text.replace("\r\n", "").contains("\r"), text);
      }
      assertEquals(200, code(c.cmd("NOOP")), "the session goes on");
    }
  }

  @Test
  void aClientThatNeverReadsItsRepliesIsNotReadEither(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Socket flooder = new Socket()) {
      // Each NOOP is 6 bytes in and 15 out: a server that answered all of them would hold every reply it cannot
      // send (2.6 GB of RSS after 34 MB of NOOPs, before this test). It stops reading instead, so the sender
      // stalls once the sockets' buffers are full.
      long sent = floodUntilStalled(flooder, port);
      assertTrue(sent < 64L << 20, "sent before the stall: " + sent);
      try (Ctl other = new Ctl(port).greeted()) {
        assertEquals(200, code(other.cmd("NOOP")), "other clients are served meanwhile");
      }
    }
  }

  /**
   * The same flooder, stalled with the server's replies backed up, must still lose its connection at the idle
   * timeout: a close that waited for those replies to be read would keep its slot for ever, and enough of them
   * (from enough addresses) would hold every slot of the server.
   */
  @Test
  void aClientThatNeverReadsLosesItsSlotAtTheIdleTimeout(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 1).put("maxConnectionsPerIp", 1));
    try (Socket flooder = new Socket()) {
      floodUntilStalled(flooder, port);
      try (Ctl next = Ctl.greetedWhenFree(port, 15)) { // the idle timeout, then 5 s of grace for the 421
        assertEquals(200, code(next.cmd("NOOP")));
      }
    }
  }

  /**
   * ABOR of a download the client does not read: the data connection must go at once, with what is queued in it.
   * A close that waited for the client to read it would keep the connection, a file and up to the socket's send
   * buffer (megabytes) in the kernel until the idle timeout, and a client could pile up such connections in a loop
   * of EPSV, RETR, ABOR.
   */
  @Test
  void anAbortedDownloadNobodyReadsLetsGoOfItsConnection(Vertx vertx) throws Exception {
    Files.write(root.resolve("big.bin"), new byte[32 * 1024 * 1024]);
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      assertEquals(200, code(c.cmd("TYPE I")));
      for (int i = 0; i < 3; i++) {
        try (Socket data = c.transfer("RETR big.bin")) { // never read
          Thread.sleep(200); // the server's send buffer fills
          c.send("ABOR");
          assertEquals(426, code(c.read()));
          assertEquals(226, code(c.read()));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (serverSockets(data.getPort()) > 0) {
            assertTrue(System.nanoTime() < deadline, "the aborted data connection is still open on the server");
            Thread.sleep(100);
          }
        }
      }
      assertEquals(200, code(c.cmd("NOOP")));
    }
  }

  /** The server's established TCP connections on {@code localPort}, as {@code ss} lists them. */
  private static long serverSockets(int localPort) throws Exception {
    Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + localPort + " )")
        .redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ss.waitFor(), out);
    return out.lines().filter(line -> !line.isBlank()).count();
  }

  /** Sends NOOPs without reading a reply, from a small receive buffer, until the server stops reading them. */
  private static long floodUntilStalled(Socket flooder, int port) throws Exception {
    AtomicLong sent = new AtomicLong();
    flooder.setReceiveBufferSize(4096);
    flooder.connect(new InetSocketAddress("127.0.0.1", port));
    byte[] noops = "NOOP\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII); // allowed before login
    Thread sender = new Thread(() -> {
      try {
        while (sent.get() < 1L << 30) {
          flooder.getOutputStream().write(noops);
          sent.addAndGet(noops.length);
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    sender.setDaemon(true);
    sender.start();
    long last = -1;
    long stalledSince = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() - stalledSince < TimeUnit.MILLISECONDS.toNanos(1500)) {
      assertTrue(System.nanoTime() < deadline, "the server read the flood on: " + sent.get() + " bytes");
      Thread.sleep(100);
      long now = sent.get();
      if (now != last) {
        last = now;
        stalledSince = System.nanoTime();
      }
    }
    return sent.get();
  }

  @Test
  void readOnlyAccountsCannotChangeAnything(Vertx vertx) throws Exception {
    int port = start(vertx);
    for (String[] login : List.of(new String[] {"anonymous", "x"}, new String[] {"ftp", ""},
        new String[] {FtpTestServer.READER, FtpTestServer.READER_PASSWORD})) {
      try (Ctl c = new Ctl(port).greeted().login(login[0], login[1])) {
        for (String command : List.of("STOR new.txt", "APPE public.txt", "DELE public.txt", "MKD d", "RMD sub",
            "RNFR public.txt")) {
          assertEquals(550, code(c.cmd(command)), login[0] + ": " + command);
        }
      }
    }
    assertEquals("hello", Files.readString(root.resolve("public.txt")));
    assertTrue(Files.isDirectory(root.resolve("sub")));
    assertFalse(Files.exists(root.resolve("new.txt")));
  }

  /**
   * A named pipe inside the root (planted by a local user): opening it to write waits for a reader, so every STOR
   * to it would hold one of the workers that all file work shares; more attempts than there are workers (20) must
   * each get a reply, and the server must go on serving files. LIST shows a pipe and a socket with their own type
   * letters, never as files.
   */
  @Test
  void namedPipesAndSocketsAreListedAsSuchButNeitherWrittenNorRead(Vertx vertx) throws Exception {
    Path pipe = root.resolve("pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor());
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD)) {
      for (int i = 0; i < 25; i++) {
        for (String command : List.of("STOR pipe", "APPE /pipe", "RETR pipe")) {
          Socket data = c.passive();
          assertEquals("550", c.cmd(command).substring(0, 3), command + " #" + i);
          data.close();
        }
      }
      assertEquals(550, code(c.cmd("SIZE pipe")));
      Socket data = c.transfer("RETR public.txt");
      assertEquals("hello", new String(Ctl.readAll(data), StandardCharsets.UTF_8));
      assertEquals(226, code(c.read()));
      // listed as ls -l shows them, so that no client takes them for files to download
      try (var socketFile = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
        socketFile.bind(java.net.UnixDomainSocketAddress.of(root.resolve("sock")));
        data = c.transfer("LIST");
        List<String> lines = new String(Ctl.readAll(data), StandardCharsets.UTF_8).lines().toList();
        assertEquals(226, code(c.read()));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("prw-rw-r-- ") && l.endsWith(" pipe")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("srw-rw-r-- ") && l.endsWith(" sock")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("-rw-rw-r-- ") && l.endsWith(" public.txt")),
            lines.toString());
      }
    }
    assertFalse(Files.isRegularFile(pipe), "the pipe is left as it was");
  }

  @Test
  void nothingButLoginBeforeLogin(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted()) {
      for (String command : List.of("PWD", "CWD /", "LIST", "NLST", "RETR public.txt", "STOR x", "PASV", "EPSV",
          "PORT 127,0,0,1,200,10", "SIZE public.txt", "MKD d", "DELE public.txt", "STAT", "TYPE I", "MLSD", "REST 1",
          "ABOR", "OPTS UTF8 ON", "XYZZY", "SITE CHMOD 777 x", "CLNT curl")) {
        assertEquals(530, code(c.cmd(command)), command);
      }
      assertEquals("215 UNIX Type: L8", c.cmd("SYST"));
      assertEquals(200, code(c.cmd("NOOP")));
      assertTrue(c.cmd("FEAT").startsWith("211-"));
      assertEquals(214, code(c.cmd("HELP")));
      assertEquals(221, code(c.cmd("QUIT")));
    }
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      assertEquals(500, code(c.cmd("XYZZY")), "after login an unknown command is a 500");
    }
  }

  @Test
  void knownAndUnknownUsersGetTheSameReplies(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("maxLoginFailures", 10));
    try (Ctl c = new Ctl(port).greeted()) {
      String known = c.cmd("USER " + FtpTestServer.USER);
      String knownPass = c.cmd("PASS wrong");
      String unknown = c.cmd("USER mallory");
      String unknownPass = c.cmd("PASS wrong");
      assertEquals("331 Please specify the password.", known);
      assertEquals(known, unknown);
      assertEquals("530 Login incorrect.", knownPass);
      assertEquals(knownPass, unknownPass);
      assertEquals(503, code(c.cmd("PASS again")), "PASS without USER");
    }
  }

  @Test
  void loginFailuresAreDelayedAndLimited(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("maxLoginFailures", 2).put("loginFailureDelayMs", 300));
    try (Ctl c = new Ctl(port).greeted()) {
      c.cmd("USER " + FtpTestServer.USER);
      long t0 = System.nanoTime();
      assertEquals(530, code(c.cmd("PASS nope")));
      assertTrue(System.nanoTime() - t0 >= 290_000_000L, "the 530 came after the delay");
      c.cmd("USER " + FtpTestServer.USER);
      assertEquals(421, code(c.cmd("PASS nope2")));
      assertTrue(c.closedByServer());
    }
    try (Ctl c = new Ctl(port).greeted()) {
      c.login(FtpTestServer.USER, FtpTestServer.PASSWORD); // a new connection may log in
    }
  }

  @Test
  void noFtpBounce(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      assertEquals(501, code(c.cmd("PORT 10,0,0,1,200,10")), "another host");
      assertEquals(501, code(c.cmd("PORT 127,0,0,2,200,10")), "another address of this host");
      assertEquals(501, code(c.cmd("PORT 127,0,0,1,0,25")), "a privileged port (SMTP)");
      assertEquals(501, code(c.cmd("EPRT |1|192.0.2.1|6000|")));
      assertEquals(501, code(c.cmd("EPRT |1|127.0.0.1|21|")));
      assertEquals(501, code(c.cmd("EPRT |2|::1|6000|")));
      assertEquals(501, code(c.cmd("PORT 127,0,0,1,999,1")));
      assertEquals(501, code(c.cmd("EPRT |1|localhost|6000|")), "names are not resolved");
      assertEquals(200, code(c.cmd("PORT 127,0,0,1,200,10")), "the client's own address is fine");
    }
  }

  @Test
  void passiveConnectionsFromAnotherAddressAreRefused(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      Socket thief = c.passive("127.0.0.2");
      assertEquals(-1, thief.getInputStream().read(), "the thief's connection is closed");
      thief.close();
      String reply = c.cmd("EPSV");
      int dataPort = Integer.parseInt(reply.replaceAll(".*\\|\\|\\|(\\d+)\\|.*", "$1"));
      Socket thief2 = new Socket();
      thief2.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
      thief2.connect(new java.net.InetSocketAddress("127.0.0.1", dataPort));
      Socket mine = new Socket("127.0.0.1", dataPort);
      assertEquals(150, code(c.cmd("RETR public.txt")));
      assertEquals("hello", new String(Ctl.readAll(mine), StandardCharsets.UTF_8));
      assertEquals(226, code(c.read()));
      assertEquals(-1, thief2.getInputStream().read());
      thief2.close();
    }
  }

  @Test
  void connectionLimits(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("maxConnections", 3).put("maxConnectionsPerIp", 2));
    try (Ctl a = new Ctl(port).greeted(); Ctl b = new Ctl(port).greeted(); Ctl c = new Ctl(port)) {
      assertEquals(421, code(c.read()), "third from 127.0.0.1");
      assertTrue(c.closedByServer());
      try (Ctl d = new Ctl("127.0.0.2", port).greeted(); Ctl e = new Ctl("127.0.0.3", port)) {
        assertEquals(421, code(e.read()), "fourth in total");
        assertTrue(e.closedByServer());
      }
    }
    try (Ctl again = Ctl.greetedWhenFree(port)) {
      assertEquals(200, code(again.cmd("NOOP")), "slots are given back");
    }
  }

  @Test
  void idleSessionsAreClosed(Vertx vertx) throws Exception {
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 2));
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      Thread.sleep(1200);
      assertEquals(200, code(c.cmd("NOOP")), "a command restarts the clock");
      Thread.sleep(1200);
      assertEquals(200, code(c.cmd("NOOP")));
      assertEquals(421, code(c.read()));
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void idleTimeoutDoesNotCountDuringATransfer(Vertx vertx) throws Exception {
    Files.write(root.resolve("big.bin"), new byte[32 * 1024 * 1024]);
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 1));
    try (Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      c.cmd("TYPE I");
      Socket data = c.transfer("RETR big.bin");
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      var in = data.getInputStream();
      long start = System.nanoTime();
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (System.nanoTime() - start < 2_000_000_000L) {
          Thread.sleep(2); // a slow reader: the transfer outlasts the idle timeout
        }
      }
      assertEquals(32L * 1024 * 1024, total);
      assertEquals(226, code(c.read()));
    }
  }

  @Test
  void aStalledTransferIsCutBy426NeverReportedComplete(Vertx vertx) throws Exception {
    Files.write(root.resolve("big.bin"), new byte[32 * 1024 * 1024]);
    int port = start(vertx, new JsonObject().put("idleTimeoutSeconds", 1));
    try (Ctl c = new Ctl(port).greeted().login(FtpTestServer.USER, FtpTestServer.PASSWORD)) {
      c.cmd("TYPE I");
      Socket up = c.transfer("STOR cut.bin");
      up.getOutputStream().write(new byte[1000]); // then nothing, and no end: the server's idle timeout cuts it
      assertEquals("426 Connection closed; transfer aborted.", c.read(), "a cut upload is not a complete one");
      up.close();
      Socket down = c.transfer("RETR big.bin"); // never read: once the socket buffers are full, nothing moves
      assertEquals("426 Connection closed; transfer aborted.", c.read());
      down.close();
      assertEquals(200, code(c.cmd("NOOP")), "the session goes on");
    }
  }
}
