package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void roundTripThroughTheStringForm() {
    PasswordHash hash = PasswordHash.create("correct horse".toCharArray(), 1000);
    String text = hash.toString();
    assertTrue(text.matches("\\$pbkdf2-sha256\\$i=1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), text);
    PasswordHash parsed = PasswordHash.parse(text);
    assertTrue(parsed.verify("correct horse".toCharArray()));
    assertFalse(parsed.verify("correct horse ".toCharArray()));
    assertFalse(parsed.verify("".toCharArray()));
    assertNotEquals(text, PasswordHash.create("correct horse".toCharArray(), 1000).toString(), "salted");
  }

  @Test
  void malformedHashesAreRefused() {
    for (String bad : new String[] {null, "", "secret", "$pbkdf2-sha256$i=10$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=x$a$b", "$pbkdf2-sha256$i=1000$!!$!!", "$pbkdf2-sha256$i=1000$AAAA$AAAA", "$pbkdf2-sha1$i=1000$a$b"}) {
      assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(bad), String.valueOf(bad));
    }
  }

  @Test
  void hashPasswordCommand() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FtpMain.hashPassword(new String[] {"hash-password", "--iterations", "2000"},
        new ByteArrayInputStream("pa ss\n".getBytes(StandardCharsets.UTF_8)), new PrintStream(out), new PrintStream(err));
    assertEquals(0, code);
    PasswordHash hash = PasswordHash.parse(out.toString(StandardCharsets.UTF_8).trim());
    assertTrue(hash.verify("pa ss".toCharArray()));
    assertEquals(2, FtpMain.hashPassword(new String[] {"hash-password"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out), new PrintStream(err)));
    assertEquals(2, FtpMain.hashPassword(new String[] {"hash-password", "--iterations", "5"},
        new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), new PrintStream(out), new PrintStream(err)));
  }
}
