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
 * ({@code NAME: FIGURE: VALUE}) and prints one table (a row per figure, a column per server), the targets
 * with the ratios they are judged by (warm runs: the second of each), and the same as one JSON object.
 * Usage: {@code FtpBenchTable FILE}.
 */
public final class FtpBenchTable {

  private static final Pattern LINE = Pattern.compile("^([\\w-]+): (.+?): (.+)$");

  private FtpBenchTable() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, Map<String, String>> byFigure = new LinkedHashMap<>();
    List<String> servers = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches() || m.group(2).startsWith("FAIL")) {
        continue;
      }
      if (!servers.contains(m.group(1))) {
        servers.add(m.group(1));
      }
      byFigure.computeIfAbsent(m.group(2), k -> new LinkedHashMap<>()).put(m.group(1), m.group(3));
    }
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

  /** The targets, each as met or not with its figures; only those whose figures this run has. */
  private static List<String> targets(Map<String, Map<String, String>> byFigure) {
    List<String> out = new ArrayList<>();
    Double ours = number(byFigure, "300 logins at once (run 2)", "clockwall", "p50 ([\\d.]+) ms");
    Double py = number(byFigure, "300 logins at once (run 2)", "pyftpdlib", "p50 ([\\d.]+) ms");
    if (ours != null && py != null) {
      out.add(String.format(Locale.ROOT, "login of 300 clients no slower than pyftpdlib (p50, warm): %.1f ms vs %.1f ms: %s",
          ours, py, ours <= py ? "met" : "not met"));
    }
    for (String figure : List.of("one client RETR 1024 MB (run 2)", "one client STOR 1024 MB (run 2)")) {
      ratio(out, byFigure, figure, "([\\d.]+) MB/s");
    }
    ratio(out, byFigure, byFigure.keySet().stream().filter(f -> f.matches("\\d+ clients each RETR .*")).findFirst()
        .orElse("-"), "([\\d.]+) MB/s in all");
    String idleFigure = byFigure.keySet().stream().filter(f -> f.matches("memory with \\d+ idle sessions")).findFirst()
        .orElse("-");
    Double idle = number(byFigure, "memory idle", "clockwall", "RSS ([\\d.]+) MiB");
    Double loaded = number(byFigure, idleFigure, "clockwall", "RSS ([\\d.]+) MiB");
    int sessions = idleFigure.equals("-") ? 0 : Integer.parseInt(idleFigure.replaceAll("\\D", ""));
    if (idle != null && loaded != null && sessions >= 100) { // fewer sessions are lost in the noise of the heap
      double perSession = (loaded - idle) * 1024 / sessions;
      out.add(String.format(Locale.ROOT, "<= 32 KiB of server RSS per idle session: (%.1f - %.1f MiB) / %d = %.1f KiB: %s",
          loaded, idle, sessions, perSession, perSession <= 32 ? "met" : "not met"));
    }
    return out;
  }

  private static void ratio(List<String> out, Map<String, Map<String, String>> byFigure, String figure,
                            String pattern) {
    Double ours = number(byFigure, figure, "clockwall", pattern);
    Double theirs = number(byFigure, figure, "vsftpd", pattern);
    if (ours != null && theirs != null && theirs > 0) {
      double ratio = ours / theirs;
      out.add(String.format(Locale.ROOT, "%s >= 0.9x vsftpd's: %.0f vs %.0f MB/s = %.2fx: %s", figure, ours, theirs,
          ratio, ratio >= 0.9 ? "met" : "not met"));
    }
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
