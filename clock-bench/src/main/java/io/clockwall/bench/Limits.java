package io.clockwall.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Open-file limits of a process, from {@code /proc/<pid>/limits}. */
final class Limits {

  private Limits() {
  }

  static JsonObject self() {
    return of(ProcessHandle.current().pid());
  }

  /** {nofileSoft, nofileHard}, or -1 where /proc does not say. */
  static JsonObject of(long pid) {
    long soft = -1;
    long hard = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] f = line.substring("Max open files".length()).trim().split("\\s+");
          soft = parse(f[0]);
          hard = parse(f[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc here: leave -1
    }
    return new JsonObject().put("nofileSoft", soft).put("nofileHard", hard);
  }

  private static long parse(String s) {
    return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
  }
}
