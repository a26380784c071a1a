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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several verticle instances on one port (one per core, as the jar runs): Vert.x hands the connections to the
 * instances in turn, so a limit counted per instance would let twice as many in. The limits and the passive range
 * hold for the address as a whole.
 */
@ExtendWith(VertxExtension.class)
class MultiInstanceTest {

  @Test
  void connectionLimitsCountOverAllInstances(Vertx vertx, @TempDir Path root) throws Exception {
    int port = FtpTestServer.deploy(vertx, FtpTestServer.config(root)
        .mergeIn(new JsonObject().put("maxConnections", 4).put("maxConnectionsPerIp", 2)), 3);
    try (Ctl a = new Ctl(port).greeted(); Ctl b = new Ctl(port).greeted(); Ctl c = new Ctl(port)) {
      assertEquals(421, code(c.read()), "third from 127.0.0.1, whichever instance took it");
      assertTrue(c.closedByServer());
      try (Ctl d = new Ctl("127.0.0.2", port).greeted(); Ctl e = new Ctl("127.0.0.2", port).greeted();
           Ctl f = new Ctl("127.0.0.3", port)) {
        assertEquals(421, code(f.read()), "fifth in total");
        assertTrue(f.closedByServer());
      }
      assertEquals(200, code(a.login("anonymous", "x").cmd("NOOP")));
      assertEquals(200, code(b.login(FtpTestServer.USER, FtpTestServer.PASSWORD).cmd("NOOP")));
    }
    List<Ctl> again = new ArrayList<>();
    try {
      again.add(Ctl.greetedWhenFree(port));
      again.add(Ctl.greetedWhenFree(port));
      assertEquals(200, code(again.get(1).cmd("NOOP")), "slots are given back on every instance");
    } finally {
      for (Ctl c : again) {
        c.close();
      }
    }
  }

  @Test
  void passivePortsOfTheRangeAreClaimedOnceOverAllInstances(Vertx vertx, @TempDir Path root) throws Exception {
    Files.writeString(root.resolve("f.txt"), "data");
    int min;
    try (ServerSocket probe = new ServerSocket(0)) {
      min = Math.max(1024, Math.min(probe.getLocalPort(), 65000));
    }
    int port = FtpTestServer.deploy(vertx, FtpTestServer.config(root)
        .put("passivePorts", min + "-" + (min + 1)), 2);
    try (Ctl a = new Ctl(port).greeted().login("anonymous", "x"); Ctl b = new Ctl(port).greeted().login("anonymous", "x");
         Ctl c = new Ctl(port).greeted().login("anonymous", "x")) {
      Set<Integer> ports = new HashSet<>();
      for (Ctl ctl : new Ctl[] {a, b}) {
        ports.add(ctl.epsvPort());
      }
      assertEquals(Set.of(min, min + 1), ports, "two sessions on two instances, two different ports");
      assertEquals(425, code(c.cmd("EPSV")), "the range is used up");
      int bPort = b.epsvPort();
      Socket data = new Socket("127.0.0.1", bPort);
      assertEquals(150, code(b.cmd("RETR f.txt")));
      assertEquals("data", new String(Ctl.readAll(data), StandardCharsets.UTF_8));
      assertEquals(226, code(b.read()));
    }
  }
}
