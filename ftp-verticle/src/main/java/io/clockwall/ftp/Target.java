package io.clockwall.ftp;

import java.nio.file.Path;

/** A path a client named: its normalized virtual form ({@code /docs/a.txt}) and its checked place under the root. */
record Target(String virtual, Path path) {

  /** The host path as a string, as the Vert.x file system takes it (always absolute, so never a class path look-up). */
  String file() {
    return path.toString();
  }

  /** The last segment of the virtual path ({@code /} for the root). */
  String name() {
    int slash = virtual.lastIndexOf('/');
    return virtual.length() == 1 ? "/" : virtual.substring(slash + 1);
  }
}
