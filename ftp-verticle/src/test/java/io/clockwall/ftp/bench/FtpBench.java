package io.clockwall.ftp.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loopback benchmark of FTP servers, any implementation, side by side (run by {@code ftp-verticle/bench/ftp-bench}
 * against clockwall's, vsftpd and pyftpdlib, all three running at once). Usage:
 * {@code FtpBench SERVER...}, each {@code NAME=PORT,PID,USER,PASS[,WRITE_DIR[,WRITE_USER,WRITE_PASS]]}. Each figure is
 * measured in rounds, and each round measures every server once, one after the other, in an order that rotates from
 * round to round, so that the servers' runs of a figure sit next to each other in time and a disturbance from
 * outside (another build on the machine) falls on one round rather than on one server. The figures: 300 clients
 * logging in at once (latency p50 and p99); the server's memory (all processes named by PID and its children: RSS
 * sum and PSS sum) idle, before each burst and with its 300 sessions logged in; one client RETR and STOR of a
 * 1 GB file ({@code big.bin} in the root); 300 clients each RETR {@code ten.bin} (10 MB) at once. Prints one line
 * per figure and run ({@code NAME: FIGURE (run K): VALUE}), which {@link FtpBenchTable} puts side by side. Plain
 * blocking sockets, one thread per client: the client side is the same for every server.
 *
 * <p>System properties: {@code clients} (300), {@code bigMb} and {@code tenMb} (the sizes of {@code big.bin} and
 * {@code ten.bin} in MiB: 1024 and 10), {@code strict} (false): when true, any failed login or transfer, a RETR of
 * another size than the file's or a stored file of another size than sent ends the run with exit code 1 (CI's
 * smoke run checks correctness, never speed); {@code loginRounds} (7), {@code bigRounds} (12) and
 * {@code transferRounds} (6): rounds of login bursts, of the one-client RETR and STOR of {@code big.bin} (a second
 * or two each: the rounds of a run spread 0.5x to 2x, so it takes more of them for a median that holds still) and of
 * 300 clients' RETR (the first round is the cold one, left out of the targets); {@code loginWarmup} (20): bursts of
 * logins each server gets first, in the same rotation, not measured (a read timeout of 5 s, not 30): a JVM server
 * spends most of its CPU in the C2 compiler through its first twenty bursts or so, on the cores the 300 client
 * threads need, and the login figure is meant to be the server's, not its compiler's;
 * {@code loginsOnly} (false) to profile a server by a longer login loop.
 */
public final class FtpBench {

  private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");
  private static final int CLIENTS = Integer.getInteger("clients", 300);
  private static final long BIG_MB = Integer.getInteger("bigMb", 1024);
  private static final long TEN_MB = Integer.getInteger("tenMb", 10);
  private static final boolean STRICT = Boolean.getBoolean("strict");
  private static final int LOGIN_ROUNDS = Integer.getInteger("loginRounds", 7);
  private static final int LOGIN_WARMUP = Integer.getInteger("loginWarmup", 20);
  private static final int BIG_ROUNDS = Integer.getInteger("bigRounds", 12);
  private static final int TRANSFER_ROUNDS = Integer.getInteger("transferRounds", 6);
  /** Only the login bursts (with loginRounds, a login-only loop to profile a server by). */
  private static final boolean LOGINS_ONLY = Boolean.getBoolean("loginsOnly");
  /** What a strict run found wrong. */
  private static final List<String> PROBLEMS = java.util.Collections.synchronizedList(new ArrayList<>());

  /** One server under test, as named on the command line. */
  private record Server(String name, int port, long pid, String user, String pass, String writeDir,
                        String writeUser, String writePass) {

    static Server parse(String arg) {
      int eq = arg.indexOf('=');
      String[] f = arg.substring(eq + 1).split(",", -1);
      if (eq <= 0 || f.length < 4) {
        throw new IllegalArgumentException("not NAME=PORT,PID,USER,PASS[,WRITE_DIR[,WRITE_USER,WRITE_PASS]]: " + arg);
      }
      boolean writer = f.length > 6;
      return new Server(arg.substring(0, eq), Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2], f[3],
          f.length > 4 ? f[4] : "", writer ? f[5] : f[2], writer ? f[6] : f[3]);
    }
  }

  /** A figure measured on one server ({@code bench}'s) in one round. */
  private interface Run {
    void on(FtpBench bench, int round) throws Exception;
  }

  private final Server server;
  private final int timeoutMs;

  private FtpBench(Server server, int timeoutMs) {
    this.server = server;
    this.timeoutMs = timeoutMs;
  }

  public static void main(String[] args) throws Exception {
    List<Server> servers = Arrays.stream(args).map(Server::parse).toList();
    for (Server s : servers) {
      System.out.printf("%s: memory idle: %s%n", s.name(), Memory.of(s.pid()));
    }
    warmUp(servers);
    rounds(servers, LOGIN_ROUNDS, (bench, round) -> {
      Server s = bench.server;
      String before = Memory.of(s.pid());
      List<Client> idle = logins(bench, round);
      if (!LOGINS_ONLY) {
        System.out.printf("%s: memory before the logins (run %d): %s%n", s.name(), round, before);
        System.out.printf("%s: memory with %d idle sessions (run %d): %s%n", s.name(), CLIENTS, round,
            Memory.of(s.pid()));
      }
      for (Client c : idle) {
        c.close();
      }
      Thread.sleep(500); // the server has seen the sessions end before it is measured again
    });
    if (!LOGINS_ONLY) {
      Thread.sleep(1000);
      rounds(servers, BIG_ROUNDS, FtpBench::retrBig);
      rounds(servers.stream().filter(s -> !s.writeDir().isEmpty()).toList(), BIG_ROUNDS, FtpBench::storBig);
      rounds(servers, TRANSFER_ROUNDS, FtpBench::retrMany);
    }
    if (STRICT) {
      if (!PROBLEMS.isEmpty()) {
        PROBLEMS.forEach(p -> System.out.println("FAIL " + p));
        System.exit(1);
      }
      System.out.println("every login and transfer correct");
    }
  }

  /** Runs {@code run} on every server in each round, the order rotated by one server a round. */
  private static void rounds(List<Server> servers, int rounds, Run run) throws Exception {
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < servers.size(); i++) {
        run.on(new FtpBench(servers.get((i + round - 1) % servers.size()), 30_000), round);
      }
    }
  }

  /** {@link #LOGIN_WARMUP} bursts of logins on every server, in rotation, each burst's time printed but not judged. */
  private static void warmUp(List<Server> servers) throws Exception {
    Map<String, List<String>> times = new LinkedHashMap<>();
    rounds(servers, LOGIN_WARMUP, (measured, round) -> {
      FtpBench bench = new FtpBench(measured.server, 5_000);
      List<Client> idle = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      double all = atOnce(() -> {
        Client c = bench.connect();
        c.login();
        return c;
      }, idle, failures);
      for (Client c : idle) {
        c.close();
      }
      times.computeIfAbsent(bench.server.name(), k -> new ArrayList<>())
          .add(String.format(Locale.ROOT, "%.2f", all) + (failures.isEmpty() ? "" : " (" + failures.size() + " failed)"));
      Thread.sleep(200);
    });
    times.forEach((name, each) -> System.out.printf("%s: login warm-up, %d bursts of %d (not judged): all done in %s s%n",
        name, LOGIN_WARMUP, CLIENTS, String.join(" / ", each)));
  }

  private static void retrBig(FtpBench bench, int round) throws IOException {
    Server s = bench.server;
    try (Client c = bench.connect()) {
      c.login(s.writeUser(), s.writePass());
      c.command("TYPE I");
      long start = System.nanoTime();
      long bytes = c.retr("big.bin");
      double secs = (System.nanoTime() - start) / 1e9;
      check(bytes == BIG_MB << 20, s.name() + ": RETR big.bin: " + bytes + " bytes, expected " + (BIG_MB << 20));
      System.out.printf("%s: one client RETR %d MB (run %d): %.0f MB/s%n", s.name(), bytes >> 20, round,
          (bytes >> 20) / secs);
    }
  }

  private static void storBig(FtpBench bench, int round) throws IOException {
    Server s = bench.server;
    try (Client c = bench.connect()) {
      c.login(s.writeUser(), s.writePass());
      c.command("TYPE I");
      String file = s.writeDir() + "/up-" + s.name() + ".bin";
      long start = System.nanoTime();
      c.stor(file, BIG_MB << 20);
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s: one client STOR %d MB (run %d): %.0f MB/s%n", s.name(), BIG_MB, round, BIG_MB / secs);
      String size = c.command("SIZE " + file);
      check(size.equals("213 " + (BIG_MB << 20)), s.name() + ": SIZE after STOR: " + size + ", expected 213 "
          + (BIG_MB << 20));
      c.command("DELE " + file);
    }
  }

  private static void retrMany(FtpBench bench, int round) throws Exception {
    Server s = bench.server;
    Thread.sleep(500); // the previous figure's connections closed
    List<Long> bytes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    double secs = atOnce(() -> {
      try (Client c = bench.connect()) {
        c.login();
        c.command("TYPE I");
        return c.retr("ten.bin");
      }
    }, bytes, failures);
    long total = bytes.stream().mapToLong(Long::longValue).sum();
    System.out.printf("%s: %d clients each RETR %d MB (run %d): %d failed, %.2f s, %.0f MB/s in all%n", s.name(),
        CLIENTS, TEN_MB, round, failures.size(), secs, (total >> 20) / secs);
    check(failures.isEmpty() && total == CLIENTS * (TEN_MB << 20), s.name() + ": " + CLIENTS
        + " clients each RETR ten.bin: " + failures.size() + " failed, " + total + " bytes in all, expected "
        + CLIENTS * (TEN_MB << 20));
  }

  /**
   * {@link #CLIENTS} threads run {@code task} at once; each result or failure is added to one of the lists. Returns
   * the seconds from the start to the last one's end.
   */
  private static <T> double atOnce(Callable<T> task, List<T> results, List<String> failures) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> all = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        all.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      for (Future<T> f : all) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          failures.add(e.getCause().toString());
        }
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      PROBLEMS.add(problem);
    }
  }

  private static List<Client> logins(FtpBench bench, int round) throws Exception {
    String name = bench.server.name();
    List<Client> idle = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    double all = atOnce(() -> {
      long s = System.nanoTime();
      Client c = bench.connect();
      c.login();
      latencies.add(System.nanoTime() - s);
      return c;
    }, idle, failures);
    check(failures.isEmpty(), name + ": logins (run " + round + "): " + failures.size() + " failed"
        + (failures.isEmpty() ? "" : ", first: " + failures.get(0)));
    long[] ok = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%s: %d logins at once (run %d): %d logged in, %d failed (%s), all done in %.2f s, p50 %.1f ms, p99 %.1f ms%n",
        name, CLIENTS, round, ok.length, failures.size(), failures.isEmpty() ? "-" : failures.get(0), all,
        ok.length == 0 ? 0 : ok[ok.length / 2] / 1e6, ok.length == 0 ? 0 : ok[ok.length * 99 / 100] / 1e6);
    return idle;
  }

  private Client connect() throws IOException {
    return new Client(server.port());
  }

  private final class Client implements Closeable {
    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
      expect(read(), 220);
    }

    void login() throws IOException {
      login(server.user(), server.pass());
    }

    void login(String name, String password) throws IOException {
      String reply = command("USER " + name);
      if (reply.startsWith("230")) {
        return; // vsftpd's anonymous login without a password
      }
      expect(reply, 331);
      expect(command("PASS " + password), 230);
    }

    String read() throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
      if (line.length() > 3 && line.charAt(3) == '-') {
        String end = line.substring(0, 3) + " ";
        String next;
        while ((next = in.readLine()) != null && !next.startsWith(end)) {
          // skip
        }
      }
      return line;
    }

    String command(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read();
    }

    Socket passive() throws IOException {
      String reply = command("EPSV");
      Matcher m = EPSV.matcher(reply);
      if (!m.find()) {
        throw new IOException("EPSV: " + reply);
      }
      Socket data = new Socket();
      data.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))), 30_000);
      data.setSoTimeout(30_000);
      return data;
    }

    long retr(String file) throws IOException {
      long total = 0;
      try (Socket data = passive()) {
        expectPrelim(command("RETR " + file));
        byte[] buffer = new byte[256 * 1024];
        InputStream din = data.getInputStream();
        int n;
        while ((n = din.read(buffer)) > 0) {
          total += n;
        }
      }
      expect(read(), 226);
      return total;
    }

    void stor(String file, long size) throws IOException {
      try (Socket data = passive()) {
        expectPrelim(command("STOR " + file));
        byte[] buffer = new byte[256 * 1024];
        OutputStream dout = data.getOutputStream();
        for (long sent = 0; sent < size; sent += buffer.length) {
          dout.write(buffer);
        }
      }
      expect(read(), 226);
    }

    private void expect(String reply, int code) throws IOException {
      if (!reply.startsWith(String.valueOf(code))) {
        throw new IOException("expected " + code + ", got " + reply);
      }
    }

    private void expectPrelim(String reply) throws IOException {
      if (!reply.startsWith("1")) {
        throw new IOException("expected 1xx, got " + reply);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** RSS and PSS of a process and all its descendants, from /proc. */
  static final class Memory {
    private Memory() {
    }

    static String of(long pid) throws IOException {
      List<Long> pids = new ArrayList<>();
      ProcessHandle.of(pid).ifPresent(p -> {
        pids.add(p.pid());
        p.descendants().forEach(d -> pids.add(d.pid()));
      });
      long rss = 0;
      long pss = 0;
      for (long p : pids) {
        try {
          for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p), "smaps_rollup"))) {
            if (line.startsWith("Rss:")) {
              rss += Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Pss:")) {
              pss += Long.parseLong(line.replaceAll("\\D", ""));
            }
          }
        } catch (IOException gone) {
          // a process that ended meanwhile
        }
      }
      return String.format("RSS %.1f MiB, PSS %.1f MiB in %d process(es)", rss / 1024.0, pss / 1024.0, pids.size());
    }
  }
}
