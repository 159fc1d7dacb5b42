package io.airlock.connectors.files.write;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Where the files destination puts its files: a local folder now, an S3-compatible bucket later
 * (issue #3). Paths are relative, with {@code /} between segments. A file becomes visible under its
 * name only when {@link PendingFile#commit()} returns, so readers never see a partial file.
 */
interface FileStore {
  /** A file being written; invisible under {@code path} until committed. */
  interface PendingFile {
    OutputStream stream();

    /** Makes the file durable and visible under its path, replacing any file there. */
    void commit() throws IOException;

    /** Drops the file; it never becomes visible. */
    void discard();
  }

  PendingFile create(String path) throws IOException;

  /**
   * Moves every file under {@code from} to the same relative place under {@code to}, which must not
   * exist. Atomic where the store can do it (a local folder rename).
   */
  void moveTree(String from, String to) throws IOException;

  /** The names of the entries directly under {@code folder}; empty when it does not exist. */
  List<String> list(String folder) throws IOException;

  /** Deletes {@code path} and everything under it; nothing when it does not exist. */
  void deleteTree(String path) throws IOException;

  /** {@code path} as the user knows it, for messages and logs. */
  String describe(String path);
}
