package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JailTest {

  @TempDir
  Path dir;

  @Test
  void lexicalNormalization() {
    assertEquals("/", Jail.virtualPath("/", ".."));
    assertEquals("/", Jail.virtualPath("/a/b", "../../../.."));
    assertEquals("/a/c", Jail.virtualPath("/a/b", "../c"));
    assertEquals("/x/y", Jail.virtualPath("/a", "//x///./y/"));
    assertEquals("/a/b", Jail.virtualPath("/a", "b"));
    assertEquals("/etc/passwd", Jail.virtualPath("/", "../../etc/passwd"), "stays a path under the root");
    assertEquals(501, assertThrows(FtpException.class, () -> Jail.virtualPath("/", "a\0b")).code);
    assertEquals(501, assertThrows(FtpException.class, () -> Jail.virtualPath("/", "a".repeat(2000))).code);
    assertEquals(501, assertThrows(FtpException.class, () -> Jail.virtualPath("/" + "d/".repeat(400), "e/".repeat(200))).code);
  }

  @Test
  void symbolicLinksAndTheSiblingPrefix() throws Exception {
    Path root = Files.createDirectories(dir.resolve("ftp"));
    Path sibling = Files.createDirectories(dir.resolve("ftp2"));
    Files.writeString(sibling.resolve("s.txt"), "s");
    Files.createDirectories(root.resolve("in"));
    Files.createSymbolicLink(root.resolve("to-sibling"), sibling);
    Files.createSymbolicLink(root.resolve("to-sibling-via-dotdot"), Path.of("../ftp2"));
    Files.createSymbolicLink(root.resolve("in/up"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    Files.createSymbolicLink(root.resolve("parent"), Path.of(".."));
    Jail jail = new Jail(root.toRealPath());
    Path real = root.toRealPath();
    assertEquals(real.resolve("in"), jail.check("/in"));
    assertEquals(real.resolve("in/up/in"), jail.check("/in/up/in"), "a link that stays inside is fine");
    assertEquals(real.resolve("new/deeper.txt"), jail.check("/new/deeper.txt"), "a path not there yet, under the root");
    for (String bad : new String[] {"/to-sibling", "/to-sibling/s.txt", "/to-sibling/new.txt", "/to-sibling-via-dotdot/s.txt",
        "/parent", "/parent/ftp2/s.txt", "/in/up/parent/ftp2", "/loop", "/loop/x"}) {
      assertEquals(550, assertThrows(FtpException.class, () -> jail.check(bad), bad).code, bad);
    }
  }
}
