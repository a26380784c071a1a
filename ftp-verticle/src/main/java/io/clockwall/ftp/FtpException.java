package io.clockwall.ftp;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A command's failure as the reply the client gets (code and text); no stack trace is ever kept or shown. */
final class FtpException extends RuntimeException {

  final int code;

  FtpException(int code, String text) {
    super(text, null, false, false);
    this.code = code;
  }

  static FtpException notFound() {
    return new FtpException(550, "No such file or directory.");
  }

  static FtpException denied() {
    return new FtpException(550, "Permission denied.");
  }

  /** A transfer without a data connection prepared by PASV/EPSV or PORT/EPRT (or with one already closed). */
  static FtpException noDataConnection() {
    return new FtpException(425, "Use PORT or PASV first.");
  }

  /**
   * The reply for a failure of a file system call (Vert.x wraps the JDK's exception as the cause); null when the
   * failure is not a file system condition a client can cause (then it is logged as a local error, 451).
   */
  static FtpException of(Throwable failure) {
    if (failure instanceof FtpException e) {
      return e;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException) {
        return notFound();
      }
      if (t instanceof FileAlreadyExistsException) {
        return new FtpException(550, "File exists.");
      }
      if (t instanceof DirectoryNotEmptyException) {
        return new FtpException(550, "Directory not empty.");
      }
      if (t instanceof NotDirectoryException) {
        return new FtpException(550, "Not a directory.");
      }
      if (t instanceof AccessDeniedException) {
        return denied();
      }
      if (t instanceof java.io.FileNotFoundException) {
        return notFound();
      }
      if (t instanceof java.nio.file.FileSystemException) {
        return new FtpException(550, "Requested action not taken.");
      }
    }
    return null;
  }
}
