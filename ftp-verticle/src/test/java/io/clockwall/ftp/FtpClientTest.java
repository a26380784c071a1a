package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Apache commons-net's FTPClient, unchanged, against the server: passive and active, list, get, put, resume. */
@ExtendWith(VertxExtension.class)
class FtpClientTest {

  @TempDir
  Path root;
  int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.writeString(root.resolve("hello.txt"), "hello\n");
    Files.createDirectories(root.resolve("docs"));
    Path old = Files.writeString(root.resolve("docs").resolve("old file.txt"), "from long ago");
    Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2019-03-04T05:06:07Z")));
    port = FtpTestServer.deploy(vertx, FtpTestServer.config(root));
  }

  private FTPClient connect(boolean passive) throws IOException {
    FTPClient ftp = new FTPClient();
    ftp.setControlEncoding("UTF-8");
    ftp.setDefaultTimeout(10_000);
    ftp.setDataTimeout(java.time.Duration.ofSeconds(10));
    ftp.connect("127.0.0.1", port);
    assertTrue(FTPReply.isPositiveCompletion(ftp.getReplyCode()));
    assertTrue(ftp.login(FtpTestServer.USER, FtpTestServer.PASSWORD), ftp.getReplyString());
    ftp.setFileType(FTP.BINARY_FILE_TYPE);
    if (passive) {
      ftp.enterLocalPassiveMode();
    } else {
      ftp.enterLocalActiveMode();
    }
    return ftp;
  }

  @ParameterizedTest(name = "passive={0}")
  @ValueSource(booleans = {true, false})
  void listFilesParsesOurListing(boolean passive) throws IOException {
    FTPClient ftp = connect(passive);
    Map<String, FTPFile> files = Arrays.stream(ftp.listFiles())
        .collect(Collectors.toMap(FTPFile::getName, Function.identity()));
    assertEquals(2, files.size(), files.keySet().toString());
    assertTrue(files.get("hello.txt").isFile());
    assertEquals(6, files.get("hello.txt").getSize());
    assertTrue(files.get("docs").isDirectory());
    FTPFile old = ftp.listFiles("docs")[0];
    assertEquals("old file.txt", old.getName());
    assertEquals(2019, old.getTimestamp().get(java.util.Calendar.YEAR));
    assertEquals(13, old.getSize());
    FTPFile[] mlsd = ftp.mlistDir("docs");
    assertEquals("old file.txt", mlsd[0].getName());
    assertEquals(13, mlsd[0].getSize());
    assertEquals("hello.txt", ftp.mlistFile("hello.txt").getName().replaceFirst("^/", ""));
    assertArrayEquals(new String[] {"docs", "hello.txt"}, ftp.listNames());
    ftp.logout();
    ftp.disconnect();
  }

  @ParameterizedTest(name = "passive={0}")
  @ValueSource(booleans = {true, false})
  void storeRetrieveAndResume(boolean passive) throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(8).nextBytes(content);
    FTPClient ftp = connect(passive);
    assertTrue(ftp.makeDirectory("up load ü"), ftp.getReplyString());
    assertTrue(ftp.changeWorkingDirectory("up load ü"), ftp.getReplyString());
    assertTrue(ftp.storeFile("data ü.bin", new ByteArrayInputStream(content)), ftp.getReplyString());
    assertArrayEquals(content, Files.readAllBytes(root.resolve("up load ü").resolve("data ü.bin")));
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    assertTrue(ftp.retrieveFile("data ü.bin", back));
    assertArrayEquals(content, back.toByteArray());
    assertEquals("213 " + content.length, sizeReply(ftp, "data ü.bin"));

    ftp.setRestartOffset(1000);
    back.reset();
    assertTrue(ftp.retrieveFile("data ü.bin", back));
    assertArrayEquals(Arrays.copyOfRange(content, 1000, content.length), back.toByteArray());

    byte[] half = Arrays.copyOf(content, 1_000_000);
    assertTrue(ftp.storeFile("resumed.bin", new ByteArrayInputStream(half)));
    ftp.setRestartOffset(half.length);
    assertTrue(ftp.storeFile("resumed.bin", new ByteArrayInputStream(content, half.length, content.length - half.length)));
    assertArrayEquals(content, Files.readAllBytes(root.resolve("up load ü").resolve("resumed.bin")));

    assertTrue(ftp.appendFile("resumed.bin", new ByteArrayInputStream("tail".getBytes(StandardCharsets.UTF_8))));
    assertEquals(content.length + 4, Files.size(root.resolve("up load ü").resolve("resumed.bin")));

    assertTrue(ftp.rename("resumed.bin", "/renamed.bin"), ftp.getReplyString());
    assertTrue(Files.exists(root.resolve("renamed.bin")));
    assertTrue(ftp.deleteFile("/renamed.bin"));
    assertTrue(ftp.deleteFile("data ü.bin"));
    assertTrue(ftp.changeToParentDirectory());
    assertTrue(ftp.removeDirectory("up load ü"), ftp.getReplyString());
    assertEquals("/", ftp.printWorkingDirectory());
    String mdtm = ftp.getModificationTime("docs/old file.txt");
    assertNotNull(mdtm);
    assertTrue(mdtm.endsWith("20190304050607"), mdtm);
    ftp.logout();
    ftp.disconnect();
  }

  private static String sizeReply(FTPClient ftp, String name) throws IOException {
    ftp.sendCommand("SIZE", name);
    return ftp.getReplyString().trim();
  }

  @Test
  void recentDatesShowTheTime() throws IOException {
    Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
    FTPClient ftp = connect(true);
    FTPFile hello = ftp.listFiles("hello.txt")[0];
    assertEquals("hello.txt", hello.getName());
    assertTrue(hello.getRawListing().matches(".* [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d hello.txt"), hello.getRawListing());
    ftp.disconnect();
  }
}
