package io.clockwall.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One sample of a process's figures from {@code /proc/<pid>}: resident memory, CPU seconds
 * (user + system, from {@code stat}), threads and open descriptors.
 *
 * @param rssKib   VmRSS in KiB, -1 if unknown
 * @param cpuTicks utime + stime in clock ticks, -1 if unknown
 * @param sysTicks stime alone: the part spent in the kernel on the process's behalf
 * @param threads  number of threads, -1 if unknown
 * @param fds      open file descriptors, -1 if not counted or unknown
 * @param atNs     System.nanoTime() of the sample
 */
record ProcStat(long rssKib, long cpuTicks, long sysTicks, int threads, int fds, long atNs) {

  /** Clock ticks per second as /proc counts them ({@code getconf CLK_TCK}; 100 on Linux x86-64). */
  static final double TICKS_PER_SECOND = 100.0;

  static ProcStat sample(long pid, boolean countFds) {
    long now = System.nanoTime();
    long rss = -1;
    long cpu = -1;
    long sys = -1;
    int threads = -1;
    int fds = -1;
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // fields after the ")" that closes the command name: state is field 3
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      sys = Long.parseLong(f[15 - 3]);
      cpu = Long.parseLong(f[14 - 3]) + sys;
      threads = Integer.parseInt(f[20 - 3]);
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
      if (countFds) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
          fds = (int) s.count();
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone or no /proc: the unknown figures stay -1
    }
    return new ProcStat(rss, cpu, sys, threads, fds, now);
  }

  /**
   * The whole machine's CPU ticks from {@code /proc/stat}: {busy (all but idle, iowait and steal), steal} summed over
   * its CPUs, or {-1, -1} if unknown. Steal is time the hypervisor gave this machine's CPUs to someone else.
   */
  static long[] machineTicks() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
      String cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow();
      String[] f = cpu.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(f[i]);
      }
      return new long[] {busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** Figures of two processes added up (unknown if either is unknown). */
  ProcStat plus(ProcStat o) {
    return new ProcStat(add(rssKib, o.rssKib), add(cpuTicks, o.cpuTicks), add(sysTicks, o.sysTicks),
      (int) add(threads, o.threads),
      (int) add(fds, o.fds), Math.max(atNs, o.atNs));
  }

  private static long add(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  ProcStat withFds(int count) {
    return new ProcStat(rssKib, cpuTicks, sysTicks, threads, count, atNs);
  }

  static ProcStat unknown() {
    return new ProcStat(-1, -1, -1, -1, -1, System.nanoTime());
  }

  boolean known() {
    return cpuTicks >= 0;
  }

  /** CPU seconds per second between an earlier sample and this one, NaN if unknown. */
  double cpuPerSecondSince(ProcStat earlier) {
    return perSecond(cpuTicks, earlier.cpuTicks, earlier);
  }

  /** Of {@link #cpuPerSecondSince}, the part spent in the kernel; NaN if unknown. */
  double sysPerSecondSince(ProcStat earlier) {
    return perSecond(sysTicks, earlier.sysTicks, earlier);
  }

  private double perSecond(long ticks, long earlierTicks, ProcStat earlier) {
    if (!known() || !earlier.known() || atNs <= earlier.atNs) {
      return Double.NaN;
    }
    return (ticks - earlierTicks) / TICKS_PER_SECOND / ((atNs - earlier.atNs) / 1e9);
  }

  JsonObject toJson() {
    return new JsonObject().put("rssKib", rssKib).put("cpuSeconds", cpuTicks / TICKS_PER_SECOND)
      .put("threads", threads).put("fds", fds);
  }
}
