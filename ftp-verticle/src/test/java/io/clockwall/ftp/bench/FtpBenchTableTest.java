package io.clockwall.ftp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's verdicts: per-round ratios over the warm rounds, failed runs, RSS per session. */
class FtpBenchTableTest {

  private static List<String> targets(String... lines) {
    return FtpBenchTable.targets(FtpBenchTable.figures(List.of(lines)));
  }

  @Test
  void aTransferIsJudgedByTheMedianOfThePerRoundRatiosOfTheWarmRounds() {
    List<String> targets = targets(
        "clockwall: one client RETR 1024 MB (run 1): 100 MB/s", "vsftpd: one client RETR 1024 MB (run 1): 1000 MB/s",
        "clockwall: one client RETR 1024 MB (run 2): 900 MB/s", "vsftpd: one client RETR 1024 MB (run 2): 1000 MB/s",
        "vsftpd: one client RETR 1024 MB (run 3): 1000 MB/s", "clockwall: one client RETR 1024 MB (run 3): 500 MB/s",
        "clockwall: one client RETR 1024 MB (run 4): 950 MB/s", "vsftpd: one client RETR 1024 MB (run 4): 1000 MB/s");
    assertEquals(List.of("one client RETR 1024 MB >= 0.9x vsftpd's, warm rounds: clockwall 900/500/950 MB/s, vsftpd "
        + "1000/1000/1000 MB/s, ratio per round 0.90x 0.50x 0.95x, median 0.90x: met"), targets);
  }

  @Test
  void aRoundTheOtherServerFailedIsLeftOutAndOneOfOursFailingIsNotMet() {
    List<String> theirs = targets(
        "clockwall: 300 clients each RETR 10 MB (run 2): 0 failed, 2.00 s, 1500 MB/s in all",
        "vsftpd: 300 clients each RETR 10 MB (run 2): 0 failed, 3.00 s, 1000 MB/s in all",
        "clockwall: 300 clients each RETR 10 MB (run 3): 0 failed, 2.00 s, 1500 MB/s in all",
        "vsftpd: 300 clients each RETR 10 MB (run 3): 5 failed, 33.00 s, 89 MB/s in all");
    assertEquals(List.of("300 clients each RETR 10 MB >= 0.9x vsftpd's, warm rounds: clockwall 1500 MB/s, vsftpd "
        + "1000 MB/s, ratio per round 1.50x, median 1.50x; round 3 left out: vsftpd 5 failed: met"), theirs);
    List<String> ours = targets(
        "clockwall: 300 clients each RETR 10 MB (run 2): 1 failed, 2.00 s, 1500 MB/s in all",
        "vsftpd: 300 clients each RETR 10 MB (run 2): 0 failed, 3.00 s, 1000 MB/s in all");
    assertEquals(List.of("300 clients each RETR 10 MB >= 0.9x vsftpd's, warm rounds: no round to compare; round 2: "
        + "clockwall 1 failed: not met"), ours);
  }

  @Test
  void loginsAreTheTimeUntilAllAreInAndTheP50AgainstPyftpdlibs() {
    List<String> targets = targets(
        "clockwall: 300 logins at once (run 2): 300 logged in, 0 failed (-), all done in 0.3 s, p50 18.2 ms, p99 50 ms",
        "pyftpdlib: 300 logins at once (run 2): 300 logged in, 0 failed (-), all done in 1.2 s, p50 9.1 ms, p99 90 ms",
        "vsftpd: 300 logins at once (run 2): 290 logged in, 10 failed (x), all done in 31 s, p50 171 ms, p99 1160 ms");
    assertEquals(List.of("login of 300 clients at once (time until all are in) no slower than pyftpdlib's, warm "
            + "rounds: clockwall 0.3 s, pyftpdlib 1.2 s, ratio per round 0.25x, median 0.25x: met",
        "login of 300 clients at once (p50 of each client's time) no slower than pyftpdlib's, warm rounds: clockwall "
            + "18.2 ms, pyftpdlib 9.1 ms, ratio per round 2.00x, median 2.00x: not met"), targets);
  }

  @Test
  void rssPerSessionIsJudgedOnTheWarmRoundsWithTheFirstBesideIt() {
    List<String> targets = targets(
        "clockwall: memory before the logins (run 1): RSS 100.0 MiB, PSS 90.0 MiB in 1 process(es)",
        "clockwall: memory with 300 idle sessions (run 1): RSS 120.0 MiB, PSS 110.0 MiB in 1 process(es)",
        "clockwall: memory before the logins (run 2): RSS 120.0 MiB, PSS 110.0 MiB in 1 process(es)",
        "clockwall: memory with 300 idle sessions (run 2): RSS 123.0 MiB, PSS 113.0 MiB in 1 process(es)",
        "clockwall: memory before the logins (run 3): RSS 123.0 MiB, PSS 113.0 MiB in 1 process(es)",
        "clockwall: memory with 300 idle sessions (run 3): RSS 126.0 MiB, PSS 116.0 MiB in 1 process(es)");
    assertEquals(List.of("<= 32 KiB of server RSS per idle session ((RSS with 300 sessions - RSS before their logins)"
        + " / 300), warm rounds: 10.2 10.2 KiB, median 10.2 KiB (round 1, from a fresh server: 68.3 KiB): met"),
        targets);
  }
}
