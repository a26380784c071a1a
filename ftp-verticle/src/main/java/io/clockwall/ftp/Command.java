package io.clockwall.ftp;

import io.vertx.core.Future;

/**
 * One FTP command's handler. It writes its own replies; the future completes when the next command may run (a
 * failure carrying an {@link FtpException} becomes that reply). The argument is the rest of the line after the verb
 * and one space, possibly empty.
 */
@FunctionalInterface
interface Command {

  Future<Void> run(String argument);
}
