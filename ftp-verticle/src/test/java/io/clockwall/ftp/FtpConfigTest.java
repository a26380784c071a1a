package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtpConfigTest {

  @TempDir
  Path root;

  private JsonObject base() {
    return new JsonObject().put("root", root.toString());
  }

  private String error(JsonObject json) {
    return assertThrows(FtpConfigException.class, () -> FtpConfig.from(json)).getMessage();
  }

  @Test
  void defaults() throws Exception {
    FtpConfig c = FtpConfig.from(base());
    assertEquals("localhost", c.host());
    assertEquals(2121, c.port());
    assertEquals(root.toRealPath(), c.root());
    assertTrue(c.anonymous());
    assertTrue(c.users().isEmpty());
    assertFalse(c.passiveRange());
    assertNull(c.passiveAddress());
    assertEquals(300, c.idleTimeoutSeconds());
    assertEquals(3, c.maxLoginFailures());
    assertEquals(1000, c.loginFailureDelayMs());
    assertEquals(64, c.uploadBufferMb());
  }

  @Test
  void everyProblemIsOneLineNamingTheKey() {
    assertEquals("ftp config: port: must be 0-65535, got 70000", error(base().put("port", 70000)));
    assertEquals("ftp config: root: required (the directory served)", error(new JsonObject()));
    assertTrue(error(new JsonObject().put("root", root.resolve("nope").toString())).startsWith("ftp config: root: not an existing directory"));
    assertTrue(error(base().put("prot", 21)).startsWith("ftp config: prot: unknown key"));
    assertTrue(error(base().put("passivePorts", "3000-2000")).startsWith("ftp config: passivePorts:"));
    assertTrue(error(base().put("passivePorts", "80-90")).startsWith("ftp config: passivePorts:"));
    assertTrue(error(base().put("passiveAddress", "example.com")).startsWith("ftp config: passiveAddress:"));
    assertTrue(error(base().put("anonymous", "yes")).startsWith("ftp config: anonymous: must be true or false"));
    assertTrue(error(base().put("maxConnections", 0)).startsWith("ftp config: maxConnections: must be 1-"));
    assertTrue(error(base().put("idleTimeoutSeconds", 1.5)).startsWith("ftp config: idleTimeoutSeconds:"));
    JsonObject user = new JsonObject().put("name", "alice").put("passwordHash", FtpTestServer.hash("pw"));
    assertTrue(error(base().put("users", new JsonArray().add(user.copy().put("passwordHash", "plain"))))
        .startsWith("ftp config: users[0].passwordHash: must look like $pbkdf2-sha256$"));
    assertTrue(error(base().put("users", new JsonArray().add(user.copy().put("admin", true))))
        .startsWith("ftp config: users[0].admin: unknown key"));
    assertTrue(error(base().put("users", new JsonArray().add(user).add(user))).startsWith("ftp config: users[1].name: duplicate"));
    assertTrue(error(base().put("users", new JsonArray().add(user.copy().put("name", "anonymous"))))
        .contains("reserved"));
    assertTrue(error(base().put("users", new JsonArray().add(user.copy().put("name", "a b")))).startsWith("ftp config: users[0].name:"));
    for (String message : new String[] {error(base().put("port", -1)), error(base().put("users", "x"))}) {
      assertFalse(message.contains("\n"));
    }
  }

  @Test
  void usersAndRanges() {
    JsonObject user = new JsonObject().put("name", "alice").put("passwordHash", FtpTestServer.hash("pw")).put("write", true);
    FtpConfig c = FtpConfig.from(base().put("users", new JsonArray().add(user)).put("passivePorts", "30000-30100")
        .put("passiveAddress", "203.0.113.7"));
    assertTrue(c.users().get("alice").write());
    assertEquals(30000, c.passivePortMin());
    assertEquals(30100, c.passivePortMax());
    assertEquals("203.0.113.7", c.passiveAddress());
  }

  @Test
  void relativeRootResolvesAgainstTheWorkingDirectory() throws Exception {
    FtpConfig c = FtpConfig.from(new JsonObject().put("root", "src/test/resources/sample-root"));
    assertEquals(Path.of("src/test/resources/sample-root").toRealPath(), c.root());
  }
}
