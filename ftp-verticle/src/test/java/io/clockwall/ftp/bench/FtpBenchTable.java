package io.clockwall.ftp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side summary of a benchmark run: reads the lines {@link FtpBench} printed for each server
 * ({@code NAME: FIGURE: VALUE}) and prints one table (a row per figure and run, a column per server), the issue's
 * targets with the ratios they are judged by (the warm rounds: all but the first), and the same as one JSON object.
 * Usage: {@code FtpBenchTable FILE}.
 */
public final class FtpBenchTable {

  private static final Pattern LINE = Pattern.compile("^([\\w-]+): (.+?): (.+)$");

  private FtpBenchTable() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, Map<String, String>> byFigure = figures(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
    List<String> servers = new ArrayList<>();
    byFigure.values().forEach(row -> row.keySet().stream().filter(k -> !servers.contains(k)).forEach(servers::add));
    StringBuilder table = new StringBuilder("| figure | " + String.join(" | ", servers) + " |\n|---|");
    servers.forEach(s -> table.append("---|"));
    for (Map.Entry<String, Map<String, String>> row : byFigure.entrySet()) {
      table.append("\n| ").append(row.getKey()).append(" |");
      for (String server : servers) {
        table.append(' ').append(row.getValue().getOrDefault(server, "-")).append(" |");
      }
    }
    System.out.println(table);
    List<String> targets = targets(byFigure);
    if (!targets.isEmpty()) {
      System.out.println();
      targets.forEach(t -> System.out.println("target: " + t));
    }
    System.out.println();
    System.out.println(json(byFigure, targets));
  }

  /** Each figure's values by server, in the order printed, from the lines {@link FtpBench} printed. */
  static Map<String, Map<String, String>> figures(List<String> lines) {
    Map<String, Map<String, String>> byFigure = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        byFigure.computeIfAbsent(m.group(2), k -> new LinkedHashMap<>()).put(m.group(1), m.group(3));
      }
    }
    return byFigure;
  }

  /**
   * The targets, each as met or not with its figures; only those whose figures this run has. A figure is
   * judged by the median over the warm rounds (2 and on) of the ratio of clockwall's run to the other server's run
   * of the same round: runs of one round are next to each other in time.
   */
  static List<String> targets(Map<String, Map<String, String>> byFigure) {
    List<String> out = new ArrayList<>();
    String logins = figure(byFigure, "\\d+ logins at once");
    // the measure: the time until all are logged in; the p50 of each client's time beside it
    judge(out, byFigure, logins, "all done in ([\\d.]+) s", "pyftpdlib", "s", false,
        "login of " + logins.replaceAll("\\D", "") + " clients at once (time until all are in) no slower than pyftpdlib's");
    judge(out, byFigure, logins, "p50 ([\\d.]+) ms", "pyftpdlib", "ms", false,
        "login of " + logins.replaceAll("\\D", "") + " clients at once (p50 of each client's time) no slower than pyftpdlib's");
    for (String transfer : List.of("one client RETR", "one client STOR")) {
      String figure = figure(byFigure, transfer + " .*");
      judge(out, byFigure, figure, "([\\d.]+) MB/s", "vsftpd", "MB/s", true, figure + " >= 0.9x vsftpd's");
    }
    String many = figure(byFigure, "\\d+ clients each RETR .*");
    judge(out, byFigure, many, "([\\d.]+) MB/s in all", "vsftpd", "MB/s", true, many + " >= 0.9x vsftpd's");
    perSession(out, byFigure);
    return out;
  }

  /**
   * One target: clockwall's figure against {@code other}'s, round by round over the warm rounds; met when the
   * median ratio is at least 0.9 ({@code higherIsBetter}) or at most 1.0 (a time).
   */
  private static void judge(List<String> out, Map<String, Map<String, String>> byFigure, String figure,
                            String pattern, String other, String unit, boolean higherIsBetter, String target) {
    List<String> ours = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    StringBuilder notes = new StringBuilder();
    boolean failed = false;
    for (int run = 2; byFigure.containsKey(run(figure, run)); run++) {
      String row = run(figure, run);
      Double a = number(byFigure, row, "clockwall", pattern);
      Double b = number(byFigure, row, other, pattern);
      Double ourFailures = number(byFigure, row, "clockwall", "(\\d+) failed");
      Double theirFailures = number(byFigure, row, other, "(\\d+) failed");
      if (ourFailures != null && ourFailures > 0) {
        failed = true;
        notes.append(String.format(Locale.ROOT, "; round %d: clockwall %.0f failed", run, ourFailures));
      } else if (theirFailures != null && theirFailures > 0) { // not a figure of the same work: left out
        notes.append(String.format(Locale.ROOT, "; round %d left out: %s %.0f failed", run, other, theirFailures));
      } else if (a != null && b != null && b > 0) {
        ours.add(number(a));
        theirs.add(number(b));
        ratios.add(a / b);
      }
    }
    if (ratios.isEmpty() && notes.isEmpty()) {
      return;
    }
    if (ratios.isEmpty()) {
      out.add(target + ", warm rounds: no round to compare" + notes + ": not met");
      return;
    }
    double median = median(ratios);
    boolean met = !failed && (higherIsBetter ? median >= 0.9 : median <= 1.0);
    StringBuilder each = new StringBuilder();
    ratios.forEach(r -> each.append(String.format(Locale.ROOT, " %.2fx", r)));
    out.add(String.format(Locale.ROOT, "%s, warm rounds: clockwall %s %s, %s %s %s, ratio per round%s, median "
            + "%.2fx%s: %s", target, String.join("/", ours), unit, other, String.join("/", theirs), unit, each, median,
        notes, met ? "met" : "not met"));
  }

  /**
   * RSS per idle session, round by round: (RSS with the burst's sessions - RSS just before the burst) / sessions.
   * The first round starts from a fresh server, so its figure also holds what the first logins cost once (code
   * compiled, heap grown); later rounds start from a server whose heap has grown, so theirs can fall below what a
   * session holds. Judged on the median of the warm rounds; the first is printed beside it.
   */
  private static void perSession(List<String> out, Map<String, Map<String, String>> byFigure) {
    String withSessions = figure(byFigure, "memory with \\d+ idle sessions");
    int sessions = withSessions.equals("-") ? 0 : Integer.parseInt(withSessions.replaceAll("\\D", ""));
    List<Double> perRound = new ArrayList<>();
    for (int run = 1; ; run++) {
      Double before = number(byFigure, run("memory before the logins", run), "clockwall", "RSS ([\\d.]+) MiB");
      Double with = number(byFigure, run(withSessions, run), "clockwall", "RSS ([\\d.]+) MiB");
      if (before == null || with == null) {
        break;
      }
      perRound.add((with - before) * 1024 / sessions);
    }
    if (perRound.size() < 2 || sessions < 100) { // fewer sessions are lost in the noise of the heap
      return;
    }
    List<Double> warm = perRound.subList(1, perRound.size());
    double median = median(warm);
    StringBuilder each = new StringBuilder();
    warm.forEach(k -> each.append(String.format(Locale.ROOT, " %.1f", k)));
    out.add(String.format(Locale.ROOT, "<= 32 KiB of server RSS per idle session ((RSS with %d sessions - RSS before "
            + "their logins) / %d), warm rounds:%s KiB, median %.1f KiB (round 1, from a fresh server: %.1f KiB): %s",
        sessions, sessions, each, median, perRound.get(0), median <= 32 ? "met" : "not met"));
  }

  /** The first figure measured in runs whose name without " (run K)" matches {@code regex}, so named; "-" if none. */
  private static String figure(Map<String, Map<String, String>> byFigure, String regex) {
    return byFigure.keySet().stream().filter(f -> f.matches(regex + " \\(run \\d+\\)")).findFirst()
        .map(f -> f.replaceAll(" \\(run \\d+\\)$", "")).orElse("-");
  }

  /** The row of {@code figure}'s run {@code run}. */
  private static String run(String figure, int run) {
    return figure + " (run " + run + ")";
  }

  /** A figure as the table shows it: MB/s whole, times with their decimals. */
  private static String number(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : String.valueOf(value).replaceAll("\\.0$", "");
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Double number(Map<String, Map<String, String>> byFigure, String figure, String server,
                               String pattern) {
    String value = byFigure.getOrDefault(figure, Map.of()).get(server);
    if (value == null) {
      return null;
    }
    Matcher m = Pattern.compile(pattern).matcher(value);
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  private static String json(Map<String, Map<String, String>> byFigure, List<String> targets) {
    StringBuilder out = new StringBuilder("{\"figures\": {");
    boolean firstRow = true;
    for (Map.Entry<String, Map<String, String>> row : byFigure.entrySet()) {
      out.append(firstRow ? "" : ", ").append(quote(row.getKey())).append(": {");
      firstRow = false;
      boolean first = true;
      for (Map.Entry<String, String> cell : row.getValue().entrySet()) {
        out.append(first ? "" : ", ").append(quote(cell.getKey())).append(": ").append(quote(cell.getValue()));
        first = false;
      }
      out.append('}');
    }
    out.append("}, \"targets\": [");
    for (int i = 0; i < targets.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(quote(targets.get(i)));
    }
    return out.append("]}").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
