package io.clockwall.bench;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One connection of a {@link LoadClient}: kept small, there may be 20,000 of these. */
final class LoadConn {

  /** Roles: a reader reads every line, a slow client never reads, a flooder also sends junk. */
  static final int READER = 0;
  static final int SLOW = 1;
  static final int FLOOD = 2;

  static final byte CONNECTING = 0;
  static final byte OPEN = 1;
  static final byte CLOSED = 2;
  static final byte FAILED = 3;

  final int role;
  byte state = CONNECTING;
  SocketChannel ch;
  SelectionKey key;
  long connectedNs;
  final byte[] line = new byte[Labels.MAX_LINE];
  int len;
  int lastLabel = -1;
  long lastArrivalNs;
  int linesInWindow;
  /** Label errors of this connection in the window, summed (microseconds; early labels count 0, as in the histogram). */
  long errorSumUs;
  int skips;
  int dups;
  int malformed;
  int outOfOrder;

  LoadConn(int role) {
    this.role = role;
  }
}
