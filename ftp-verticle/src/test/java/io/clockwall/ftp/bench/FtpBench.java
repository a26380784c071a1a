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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loopback benchmark of an FTP server, any implementation (run by {@code ftp-verticle/bench/ftp-bench} against
 * clockwall's, vsftpd and pyftpdlib side by side). Usage:
 * {@code FtpBench NAME PORT PID USER PASS [WRITE_DIR [WRITE_USER WRITE_PASS]]}: logs 300 clients in at once, RETRs and STORs a 1 GB file
 * ({@code big.bin} in the root), has 300 clients each RETR {@code ten.bin} (10 MB), and reads the server's memory
 * (all processes named by PID and its children: RSS sum and PSS sum) idle and with 300 idle sessions. Prints one
 * line per figure. Plain blocking sockets, one thread per client: the client side is the same for every server.
 *
 * <p>System properties: {@code clients} (300), {@code bigMb} and {@code tenMb} (the sizes of {@code big.bin} and
 * {@code ten.bin} in MiB: 1024 and 10), {@code strict} (false): when true, any failed login or transfer, a RETR of
 * another size than the file's or a stored file of another size than sent ends the run with exit code 1 (CI's
 * smoke run checks correctness, never speed); {@code loginRounds} and {@code transferRounds} (2 each: bursts of
 * logins, runs of each one-client transfer) and {@code loginsOnly} (false) to profile a server by a longer loop.
 */
public final class FtpBench {

  private static final Pattern EPSV = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)");
  private static final int CLIENTS = Integer.getInteger("clients", 300);
  private static final long BIG_MB = Integer.getInteger("bigMb", 1024);
  private static final long TEN_MB = Integer.getInteger("tenMb", 10);
  private static final boolean STRICT = Boolean.getBoolean("strict");
  /** Bursts of logins (the second is the warm figure) and runs of each one-client transfer; more for profiling. */
  private static final int LOGIN_ROUNDS = Integer.getInteger("loginRounds", 2);
  private static final int TRANSFER_ROUNDS = Integer.getInteger("transferRounds", 2);
  /** Only the login bursts (with loginRounds, a login-only loop to profile the server by). */
  private static final boolean LOGINS_ONLY = Boolean.getBoolean("loginsOnly");
  /** What a strict run found wrong. */
  private static final List<String> PROBLEMS = java.util.Collections.synchronizedList(new ArrayList<>());

  private final int port;
  private final String user;
  private final String pass;

  private FtpBench(int port, String user, String pass) {
    this.port = port;
    this.user = user;
    this.pass = pass;
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    int port = Integer.parseInt(args[1]);
    long pid = Long.parseLong(args[2]);
    FtpBench bench = new FtpBench(port, args[3], args[4]);
    String writeDir = args.length > 5 ? args[5] : "";
    String writeUser = args.length > 7 ? args[6] : args[3];
    String writePass = args.length > 7 ? args[7] : args[4];
    System.out.printf("%s: memory idle: %s%n", name, Memory.of(pid));

    List<Client> idle = new ArrayList<>();
    for (int round = 1; round <= LOGIN_ROUNDS; round++) {
      for (Client c : idle) {
        c.close();
      }
      idle = logins(bench, name, round);
    }
    if (LOGINS_ONLY) {
      for (Client c : idle) {
        c.close();
      }
      return;
    }
    System.out.printf("%s: memory with %d idle sessions: %s%n", name, CLIENTS, Memory.of(pid));
    for (Client c : idle) {
      c.close();
    }
    Thread.sleep(1000);

    try (Client c = bench.connect()) {
      c.login(writeUser, writePass);
      c.command("TYPE I");
      for (int round = 1; round <= TRANSFER_ROUNDS; round++) {
        long s = System.nanoTime();
        long bytes = c.retr("big.bin");
        check(bytes == BIG_MB << 20, "RETR big.bin: " + bytes + " bytes, expected " + (BIG_MB << 20));
        double secs = (System.nanoTime() - s) / 1e9;
        System.out.printf("%s: one client RETR %d MB (run %d): %.0f MB/s%n", name, bytes >> 20, round, (bytes >> 20) / secs);
      }
      for (int round = 1; round <= TRANSFER_ROUNDS && !writeDir.isEmpty(); round++) {
        long s = System.nanoTime();
        c.stor(writeDir + "/up.bin", BIG_MB << 20);
        double secs = (System.nanoTime() - s) / 1e9;
        System.out.printf("%s: one client STOR %d MB (run %d): %.0f MB/s%n", name, BIG_MB, round, BIG_MB / secs);
        String size = c.command("SIZE " + writeDir + "/up.bin");
        check(size.equals("213 " + (BIG_MB << 20)), "SIZE after STOR: " + size + ", expected 213 " + (BIG_MB << 20));
        c.command("DELE " + writeDir + "/up.bin");
      }
    }

    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> transfers = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        transfers.add(pool.submit(() -> {
          go.await();
          try (Client c = bench.connect()) {
            c.login();
            c.command("TYPE I");
            long b = c.retr("ten.bin");
            return b;
          }
        }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      long total = 0;
      int failed = 0;
      for (Future<Long> f : transfers) {
        try {
          total += f.get();
        } catch (ExecutionException e) {
          failed++;
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s: %d clients each RETR %d MB: %d failed, %.2f s, %.0f MB/s in all%n", name, CLIENTS,
          TEN_MB, failed, secs, (total >> 20) / secs);
      check(failed == 0 && total == CLIENTS * (TEN_MB << 20), CLIENTS + " clients each RETR ten.bin: " + failed
          + " failed, " + total + " bytes in all, expected " + CLIENTS * (TEN_MB << 20));
    } finally {
      pool.shutdown();
    }
    if (STRICT) {
      if (!PROBLEMS.isEmpty()) {
        PROBLEMS.forEach(p -> System.out.println(name + ": FAIL " + p));
        System.exit(1);
      }
      System.out.println(name + ": every login and transfer correct");
    }
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      PROBLEMS.add(problem);
    }
  }

  private static List<Client> logins(FtpBench bench, String name, int round) throws Exception {
    List<Client> idle = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long[] latencies = new long[CLIENTS];
    long t0 = 0;
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Client>> logins = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        int n = i;
        logins.add(pool.submit(() -> {
          go.await();
          long s = System.nanoTime();
          Client c = bench.connect();
          c.login();
          latencies[n] = System.nanoTime() - s;
          return c;
        }));
      }
      t0 = System.nanoTime();
      go.countDown();
      for (Future<Client> f : logins) {
        try {
          idle.add(f.get());
        } catch (ExecutionException e) {
          failures.add(e.getCause().toString());
        }
      }
    } finally {
      pool.shutdown();
    }
    double all = (System.nanoTime() - t0) / 1e9;
    check(failures.isEmpty(), "logins (run " + round + "): " + failures.size() + " failed"
        + (failures.isEmpty() ? "" : ", first: " + failures.get(0)));
    long[] ok = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
    System.out.printf("%s: %d logins at once (run %d): %d logged in, %d failed (%s), all done in %.2f s, p50 %.1f ms, p99 %.1f ms%n",
        name, CLIENTS, round, ok.length, failures.size(), failures.isEmpty() ? "-" : failures.get(0), all,
        ok.length == 0 ? 0 : ok[ok.length / 2] / 1e6, ok.length == 0 ? 0 : ok[ok.length * 99 / 100] / 1e6);
    return idle;
  }

  private Client connect() throws IOException {
    return new Client(port);
  }

  private final class Client implements Closeable {
    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
      socket.setSoTimeout(30_000);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
      expect(read(), 220);
    }

    void login() throws IOException {
      login(user, pass);
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
