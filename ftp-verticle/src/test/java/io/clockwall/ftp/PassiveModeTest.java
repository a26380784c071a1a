package io.clockwall.ftp;

import static io.clockwall.ftp.Ctl.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** PASV within a configured port range, the announced address, and a range that runs out. */
@ExtendWith(VertxExtension.class)
class PassiveModeTest {

  private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

  @Test
  void portRangeAndAnnouncedAddress(Vertx vertx, @TempDir Path root) throws Exception {
    Files.writeString(root.resolve("f.txt"), "data");
    int min;
    try (ServerSocket probe = new ServerSocket(0)) {
      min = Math.max(1024, Math.min(probe.getLocalPort(), 65000));
    }
    String range = min + "-" + (min + 1);
    int port = FtpTestServer.deploy(vertx, FtpTestServer.config(root)
        .mergeIn(new JsonObject().put("passivePorts", range).put("passiveAddress", "203.0.113.7")));
    try (Ctl a = new Ctl(port).greeted().login("anonymous", "x"); Ctl b = new Ctl(port).greeted().login("anonymous", "x");
        Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      Set<Integer> ports = new HashSet<>();
      for (Ctl ctl : new Ctl[] {a, b}) {
        String reply = ctl.cmd("PASV");
        Matcher m = PASV.matcher(reply);
        assertTrue(m.find(), reply);
        assertEquals("203.0.113.7", m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4));
        ports.add(Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6)));
      }
      assertEquals(Set.of(min, min + 1), ports, "two sessions, two different ports of the range");
      assertEquals(425, code(c.cmd("PASV")), "the range is used up");
      // a's listener goes away with its transfer: then c gets a port
      int aPort = a.epsvPort();
      Socket data = new Socket("127.0.0.1", aPort);
      assertEquals(150, code(a.cmd("RETR f.txt")));
      assertEquals("data", new String(Ctl.readAll(data), StandardCharsets.UTF_8));
      assertEquals(226, code(a.read()));
      String reply = null;
      for (int i = 0; i < 50 && code(reply) != 227; i++) {
        reply = c.cmd("PASV");
        Thread.sleep(20);
      }
      assertEquals(227, code(reply), reply);
    }
  }
}
