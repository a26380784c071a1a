package io.clockwall.ftp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2-HMAC-SHA256 password hash in the string form {@code $pbkdf2-sha256$i=310000$<salt>$<hash>}, where salt and
 * hash are standard Base64 without padding (16 salt bytes, 32 hash bytes when made here). Verification runs the same
 * derivation and compares in constant time. Deriving costs about a tenth of a second at the default 310,000
 * iterations: call {@link #verify} off the event loop.
 */
public final class PasswordHash {

  public static final int DEFAULT_ITERATIONS = 310_000;
  static final int MIN_ITERATIONS = 1_000;
  private static final String PREFIX = "$pbkdf2-sha256$i=";
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes a password with a fresh random salt. */
  public static PasswordHash create(char[] password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations, 32));
  }

  /** Parses the string form; throws IllegalArgumentException saying what is wrong (never echoing the hash). */
  public static PasswordHash parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("must look like $pbkdf2-sha256$i=<iterations>$<salt>$<hash> (see hash-password)");
    }
    String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("must have the three fields i=<iterations>$<salt>$<hash>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations must be a number");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS);
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] hash = Base64.getDecoder().decode(parts[2]);
      if (salt.length < 8 || hash.length < 16) {
        throw new IllegalArgumentException("salt or hash too short");
      }
      return new PasswordHash(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt and hash must be Base64 of at least 8 and 16 bytes");
    }
  }

  /** True when the password matches; constant time in the comparison. Blocking (CPU-bound). */
  public boolean verify(char[] password) {
    byte[] candidate = derive(password, salt, iterations, hash.length);
    return MessageDigest.isEqual(candidate, hash);
  }

  @Override
  public String toString() {
    return PREFIX + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** For reading a password from a byte stream such as stdin. */
  static char[] chars(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8).toCharArray();
  }
}
