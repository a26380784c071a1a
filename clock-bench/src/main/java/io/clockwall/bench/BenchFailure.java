package io.clockwall.bench;

/** The run could not be carried out (server did not start, a worker vanished, ...): one line for the user. */
final class BenchFailure extends Exception {
  BenchFailure(String message) {
    super(message);
  }
}
