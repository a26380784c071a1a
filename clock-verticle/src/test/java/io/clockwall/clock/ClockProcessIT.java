package io.clockwall.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar as users run it: {@code java -jar target/clockwall-clock.jar ...}, read by the real {@code nc}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClockProcessIT {

  private static final Pattern THREE_CLOCK2_LINES = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\n){3}");

  @Test
  void servesNcExactlyAsClock2Does(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    int port = ClockProcess.freePort();
    Path conf = Files.writeString(dir.resolve("clock.json"), "{\"port\": " + port + ", \"zone\": \"UTC\"}\n");
    try (ClockProcess clock = ClockProcess.start("-conf", conf.toString())) {
      String started = clock.awaitListening();
      assertTrue(started.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ClockVerticle - clock listening on localhost:" + port
        + " zone=UTC format=\"HH:mm:ss\" .*"), started);
      Process nc = new ProcessBuilder("nc", "127.0.0.1", String.valueOf(port)).start();
      try {
        long connected = System.currentTimeMillis();
        byte[] bytes = readLines(nc.getInputStream(), 3);
        long firstToLast = System.currentTimeMillis() - connected;
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertTrue(THREE_CLOCK2_LINES.matcher(text).matches(), "nc printed " + text.replace("\n", "\\n"));
        List<LocalTime> times = text.lines().map(LocalTime::parse).toList();
        assertEquals(times.get(0).plusSeconds(1), times.get(1));
        assertEquals(times.get(1).plusSeconds(1), times.get(2));
        assertTrue(Math.abs(LocalTime.now(ZoneId.of("UTC")).toSecondOfDay() - times.get(2).toSecondOfDay()) <= 1);
        assertTrue(firstToLast < 3000, "3 lines took " + firstToLast + " ms");
      } finally {
        nc.destroy();
      }
      assertEquals(List.of(started), clock.stderrLines(), "one startup line, nothing else");
    }
  }

  @Test
  void aLogbackFileOfTheUsersReplacesTheClocksLogging(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path logback = Files.writeString(dir.resolve("logback.xml"), """
      <configuration>
        <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
          <target>System.err</target>
          <encoder><pattern>custom %level %logger{0}: %msg%n</pattern></encoder>
        </appender>
        <logger name="io.vertx" level="OFF"/>
        <root level="INFO"><appender-ref ref="E"/></root>
      </configuration>
      """);
    var env = Map.of("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + logback);
    try (ClockProcess clock = ClockProcess.start(env, "-conf", "{\"port\": 0}")) {
      assertTrue(clock.awaitListening().startsWith("custom INFO ClockVerticle: clock listening on "), clock.stderr());
    }
  }

  @Test
  void twoInstancesShareThePort() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + "}", "-instances", "2")) {
      clock.awaitListening();
      assertClientsGetLines(port, 6, 2);
      assertEquals(1, clock.stderrLines().stream().filter(l -> l.contains("clock listening on")).count(),
        "one startup line for the shared port: " + clock.stderr());
    }
  }

  @Test
  void twoProcessesShareOnePortWithReusePortAndTheNativeTransport() throws Exception {
    int port = ClockProcess.freePort();
    String conf = "{\"port\":" + port + ", \"reusePort\": true}";
    try (ClockProcess first = ClockProcess.start("-conf", conf);
         ClockProcess second = ClockProcess.start("-conf", conf)) {
      for (ClockProcess clock : List.of(first, second)) {
        String started = clock.awaitListening();
        assertTrue(started.endsWith(" reusePort") && !started.contains("transport=nio"), started);
      }
      assertClientsGetLines(port, 20, 2);
      // Either process alone keeps the port served: stop one, new clients still get the time.
      first.process().destroy();
      assertEquals(0, first.awaitExit());
      assertClientsGetLines(port, 5, 1);
    }
  }

  @Test
  void theStartLineNamesTheTransportAndWhyABetterOneWasPassedOver() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + "}")) {
      String started = clock.awaitListening();
      // io_uring on a kernel that allows it; else epoll, saying why not io_uring
      assertTrue(started.endsWith(" transport=io_uring") || started.contains(" transport=epoll (io_uring unavailable: "),
        started);
    }
    // Netty's switch that refuses every native transport: what a kernel without io_uring or epoll does
    try (ClockProcess clock = ClockProcess.start(List.of("-Dio.netty.transport.noNative=true"), Map.of(),
        "-conf", "{\"port\":" + port + "}")) {
      String started = clock.awaitListening();
      assertTrue(started.endsWith(" transport=nio (io_uring unavailable: Native transport was explicit disabled with "
        + "-Dio.netty.transport.noNative=true; epoll unavailable: Native transport was explicit disabled with "
        + "-Dio.netty.transport.noNative=true)"), started);
      assertClientsGetLines(port, 3, 2);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "bogus    | | clock: CLOCKWALL_TRANSPORT='bogus' is not one of io_uring, epoll, nio",
    "io_uring | -Dio.netty.transport.noNative=true | clock: CLOCKWALL_TRANSPORT=io_uring: unavailable here: Native "
      + "transport was explicit disabled with -Dio.netty.transport.noNative=true"})
  void aTransportAskedForThatCannotRunIsOneLineAndExitTwo(String asked, String flag, String error) throws Exception {
    try (ClockProcess clock = ClockProcess.start(flag == null ? List.of() : List.of(flag),
        Map.of("CLOCKWALL_TRANSPORT", asked), "-conf", "{\"port\": 0}")) {
      assertEquals(2, clock.awaitExit());
      assertEquals(List.of(error), clock.stderrLines());
    }
  }

  /** {@code clients} connections at once, each reading {@code lines} clock2 lines. */
  private static void assertClientsGetLines(int port, int clients, int lines) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        sockets.add(new Socket("127.0.0.1", port));
      }
      for (Socket socket : sockets) {
        socket.setSoTimeout(5000);
        String text = new String(readLines(socket.getInputStream(), lines), StandardCharsets.US_ASCII);
        assertTrue(Pattern.matches("(\\d\\d:\\d\\d:\\d\\d\\n){" + lines + "}", text), text);
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void sigtermClosesClientsAtOnceAndExitsZero() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + "}");
         Socket client = new Socket()) {
      clock.awaitListening();
      client.connect(new InetSocketAddress("127.0.0.1", port));
      client.setSoTimeout(5000);
      InputStream in = client.getInputStream();
      readLines(in, 1);
      long signalled = System.currentTimeMillis();
      clock.process().destroy(); // SIGTERM
      while (in.read() != -1) {
        // a tick may still be on its way; EOF must follow
      }
      long eofAfter = System.currentTimeMillis() - signalled;
      int code = clock.awaitExit();
      System.out.printf("SIGTERM: client saw EOF after %d ms; exit code %d%n", eofAfter, code);
      assertEquals(0, code, clock.stderr());
      assertTrue(eofAfter < 2000, "EOF after " + eofAfter + " ms");
    }
  }

  @Test
  void tzSelectsTheZoneAsForClock2() throws Exception {
    int port = ClockProcess.freePort();
    try (ClockProcess clock = ClockProcess.start(Map.of("TZ", "Asia/Kolkata"), "-conf", "{\"port\":" + port + "}");
         Socket client = new Socket()) {
      assertTrue(clock.awaitListening().contains("zone=Asia/Kolkata"), clock.stderr());
      client.connect(new InetSocketAddress("127.0.0.1", port));
      client.setSoTimeout(5000);
      LocalTime shown = LocalTime.parse(new String(readLines(client.getInputStream(), 1), StandardCharsets.US_ASCII)
        .strip());
      LocalTime kolkata = LocalTime.now(ZoneId.of("Asia/Kolkata"));
      long apart = Math.floorMod(kolkata.toSecondOfDay() - shown.toSecondOfDay(), 86_400);
      assertTrue(apart <= 1, "shows " + shown + " while Kolkata reads " + kolkata);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "{\"port\":70000}          | clock: invalid config: port=70000 (must be 0..65535)",
    "{\"zone\":\"Mars/Base\"}  | clock: invalid config: zone=\"Mars/Base\" (unknown time zone)",
    "{\"format\":\"HH:mm:bb\"} | clock: invalid config: format=\"HH:mm:bb\" (bad pattern: Unknown pattern letter: b)",
    "{\"port\":\"abc\"}        | clock: invalid config: port=\"abc\" (must be an integer)",
    "{\"prot\":8000}           | clock: invalid config: unknown key \"prot\" (known keys: host, port, zone, format, maxConnections, maxSkippedTicks, writeQueueBytes, reusePort)",
    "{\"port\":1               | clock: -conf {\"port\":1: not a JSON object (Unexpected end-of-input at line 1, column 10)",
    "conf/nope.json            | clock: -conf conf/nope.json: no such file",
  })
  void badConfigIsOneLineAndExitCodeTwo(String conf, String expected) throws Exception {
    try (ClockProcess clock = ClockProcess.start("-conf", conf)) {
      assertEquals(2, clock.awaitExit(), clock.stderr());
      assertEquals(expected + "\n", clock.stderr());
    }
  }

  @Test
  void badEnvironmentAndMalformedConfFileAreOneLineToo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    try (ClockProcess clock = ClockProcess.start(Map.of("CLOCK_PORT", "abc"))) {
      assertEquals(2, clock.awaitExit(), clock.stderr());
      assertEquals("clock: invalid config: CLOCK_PORT=\"abc\" (must be an integer)\n", clock.stderr());
    }
    Path conf = Files.writeString(dir.resolve("bad.json"), "{\n  \"port\": 8000,\n");
    try (ClockProcess clock = ClockProcess.start("-conf", conf.toString())) {
      assertEquals(2, clock.awaitExit(), clock.stderr());
      assertEquals("clock: -conf " + conf + ": not a JSON object"
        + " (Unexpected end-of-input within/between Object entries at line 3, column 1)\n", clock.stderr());
    }
  }

  @Test
  void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      try (ClockProcess clock = ClockProcess.start("-conf", "{\"port\":" + port + "}")) {
        assertEquals(1, clock.awaitExit(), clock.stderr());
        assertEquals("clock: cannot listen on localhost:" + port + ": Address already in use\n", clock.stderr());
      }
    }
  }

  /** Reads up to and including the {@code n}th newline. */
  static byte[] readLines(InputStream in, int n) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    int newlines = 0;
    while (newlines < n) {
      int b = in.read();
      if (b == -1) {
        break;
      }
      bytes.write(b);
      if (b == '\n') {
        newlines++;
      }
    }
    return bytes.toByteArray();
  }
}
