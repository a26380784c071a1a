package io.clockwall.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The orchestrator's side of one load client, wherever it runs. */
interface LoadHandle extends AutoCloseable {

  JsonObject awaitReady(long timeoutMs) throws BenchFailure;

  void go(long startEpochMs, long endEpochMs);

  JsonObject awaitResult(long timeoutMs) throws BenchFailure;

  /** The client process's pid, or -1 when it runs inside this JVM. */
  long pid();

  @Override
  void close();

  static JsonObject await(CompletableFuture<JsonObject> f, long timeoutMs, String what) throws BenchFailure {
    try {
      return f.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BenchFailure(what + ": no answer within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      throw new BenchFailure(what + ": " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(what + ": interrupted");
    }
  }

  /** A load client on a thread of this JVM (tests, small runs). */
  final class InProcess implements LoadHandle {
    private final LoadClient client;
    private final CompletableFuture<JsonObject> ready = new CompletableFuture<>();
    private final CompletableFuture<JsonObject> result = new CompletableFuture<>();
    private final Thread thread;

    InProcess(WorkerSpec spec, String name) {
      try {
        client = new LoadClient(spec);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(() -> {
        try {
          result.complete(client.run(r -> ready.complete(r.put("limits", Limits.self()))));
        } catch (RuntimeException e) {
          ready.completeExceptionally(e);
          result.completeExceptionally(e);
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public JsonObject awaitReady(long timeoutMs) throws BenchFailure {
      return await(ready, timeoutMs, thread.getName() + " ready");
    }

    @Override
    public void go(long startEpochMs, long endEpochMs) {
      client.go(startEpochMs, endEpochMs);
    }

    @Override
    public JsonObject awaitResult(long timeoutMs) throws BenchFailure {
      return await(result, timeoutMs, thread.getName() + " result");
    }

    @Override
    public long pid() {
      return -1;
    }

    @Override
    public void close() {
      client.abort();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A load client in its own JVM ({@link LoadWorker}), for its own open-file budget. */
  final class Child implements LoadHandle {
    private final Process process;
    private final OutputStream commands;
    private final CompletableFuture<JsonObject> ready = new CompletableFuture<>();
    private final CompletableFuture<JsonObject> result = new CompletableFuture<>();
    private final String name;

    Child(WorkerSpec spec, String name, List<String> command) throws BenchFailure {
      this.name = name;
      try {
        process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      } catch (IOException e) {
        throw new BenchFailure(name + ": cannot start " + command.get(0) + ": " + e.getMessage());
      }
      commands = process.getOutputStream();
      Thread reader = new Thread(this::readAnswers, name + "-answers");
      reader.setDaemon(true);
      reader.start();
    }

    private void readAnswers() {
      try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("READY ")) {
            ready.complete(new JsonObject(line.substring(6)));
          } else if (line.startsWith("RESULT ")) {
            result.complete(new JsonObject(line.substring(7)));
          } else {
            System.err.println(name + ": " + line);
          }
        }
      } catch (IOException | RuntimeException e) {
        // fall through: whatever is not complete fails below
      }
      IllegalStateException gone = new IllegalStateException("worker exited before answering");
      ready.completeExceptionally(gone);
      result.completeExceptionally(gone);
    }

    @Override
    public JsonObject awaitReady(long timeoutMs) throws BenchFailure {
      return await(ready, timeoutMs, name + " ready");
    }

    @Override
    public void go(long startEpochMs, long endEpochMs) {
      try {
        commands.write(("GO " + startEpochMs + " " + endEpochMs + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
      } catch (IOException e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public JsonObject awaitResult(long timeoutMs) throws BenchFailure {
      return await(result, timeoutMs, name + " result");
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public void close() {
      try {
        commands.close();     // end of stdin: the worker stops by itself
      } catch (IOException ignored) {
        // already gone
      }
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
