package io.clockwall.wall;

/**
 * Where the wall's table goes (stdout), and the log lines shown above it (stderr). Production: {@link StdoutOutput};
 * tests pass their own to check every character.
 */
public interface TerminalOutput {

  /** Writes the text as is (it already contains any newline and ANSI sequence). Must not block the caller long. */
  void write(String text);

  /** Writes the text and waits until it is out (used once, to restore the terminal at exit). */
  default void writeAndFlush(String text) {
    write(text);
  }

  /** Writes a log line on stderr, in order with what {@link #write} wrote before. */
  default void writeErr(String text) {
    System.err.print(text);
    System.err.flush();
  }

  /**
   * A log line above the table, as one step that nothing comes between: {@code erase} on stdout (clears the table),
   * {@code line} on stderr, {@code redraw} on stdout (the table again, under the line).
   */
  default void logAbove(String erase, String line, String redraw) {
    write(erase);
    writeErr(line);
    write(redraw);
  }
}
