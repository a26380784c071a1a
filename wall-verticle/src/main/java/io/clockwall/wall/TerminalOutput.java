package io.clockwall.wall;

/**
 * Where the wall's table goes. Production: {@link StdoutOutput}; tests pass their own to check every character.
 */
public interface TerminalOutput {

  /** Writes the text as is (it already contains any newline and ANSI sequence). Must not block the caller long. */
  void write(String text);

  /** Writes the text and waits until it is out (used once, to restore the terminal at exit). */
  default void writeAndFlush(String text) {
    write(text);
  }
}
