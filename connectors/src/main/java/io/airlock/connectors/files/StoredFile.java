package io.airlock.connectors.files;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A file in a {@link FileStore}.
 *
 * @param path the path relative to the store's root, with {@code /} between folders
 * @param size the size in bytes
 * @param modified the last modification time, kept for incremental reads by modification time
 *     (issue #3)
 */
public record StoredFile(String path, long size, Instant modified) {
  public StoredFile {
    requireNonNull(path, "path is null");
    requireNonNull(modified, "modified is null");
  }

  /** The last part of the path. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
