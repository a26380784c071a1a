package io.clockwall.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The native floor server of {@code --compare floor}: {@code native/floor-clock.c} (in this jar) compiled with the
 * machine's C compiler into the run's log directory. Where there is no compiler, the benchmark says so and skips it.
 */
final class FloorServer {

  static final String SOURCE = "native/floor-clock.c";

  private FloorServer() {
  }

  /** The C compiler on the PATH ({@code cc}, else {@code gcc}), or null. */
  static String compiler() {
    for (String cc : new String[] {"cc", "gcc"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
        if (Files.isExecutable(Path.of(dir, cc))) {
          return Path.of(dir, cc).toString();
        }
      }
    }
    return null;
  }

  /** Compiles the floor server into {@code dir} (once per run); returns the binary. */
  static Path build(Path dir) throws BenchFailure {
    Path binary = dir.resolve("floor-clock");
    if (Files.isExecutable(binary)) {
      return binary;
    }
    String cc = compiler();
    if (cc == null) {
      throw new BenchFailure("floor: no C compiler (cc or gcc) on this machine");
    }
    Path source = dir.resolve("floor-clock.c");
    try (InputStream in = FloorServer.class.getClassLoader().getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new BenchFailure("floor: " + SOURCE + " is missing from the benchmark's class path");
      }
      Files.write(source, in.readAllBytes());
      Process p = new ProcessBuilder(cc, "-O2", "-o", binary.toString(), source.toString())
        .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new BenchFailure("floor: " + cc + " failed to compile " + source + ": " + out.strip());
      }
      return binary;
    } catch (IOException e) {
      throw new BenchFailure("floor: cannot build " + binary + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("floor: interrupted while compiling");
    }
  }
}
