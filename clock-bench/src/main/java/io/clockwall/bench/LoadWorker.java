package io.clockwall.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A load client as its own process, so one benchmark can hold more connections than one
 * process's open-file limit allows. Talks to {@link ClockBench} by lines:
 * it prints {@code READY <json>} after its connect phase, reads {@code GO <startEpochMs> <endEpochMs>}
 * on stdin, prints {@code RESULT <json>} when the window ends, and exits. End of stdin (the
 * orchestrator is gone) stops it at once; {@code lifetimeMs} bounds it in any case.
 *
 * <p>Usage: {@code java -cp clockwall-bench.jar io.clockwall.bench.LoadWorker '<WorkerSpec json>'}
 */
public final class LoadWorker {

  private LoadWorker() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: LoadWorker '<spec json>'");
      System.exit(2);
    }
    WorkerSpec spec = WorkerSpec.fromJson(new JsonObject(args[0]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    LoadClient client = new LoadClient(spec);
    Thread commands = new Thread(() -> readCommands(client), "bench-commands");
    commands.setDaemon(true);
    commands.start();
    JsonObject result = client.run(ready -> out.println("READY " + ready.put("limits", Limits.self()).encode()));
    out.println("RESULT " + result.encode());
    out.flush();
    System.exit(0);
  }

  private static void readCommands(LoadClient client) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.trim().split(" ");
        if (f.length == 3 && f[0].equals("GO")) {
          client.go(Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.err.println("bench worker: bad command stream: " + e.getMessage());
    }
    client.abort();
  }
}
