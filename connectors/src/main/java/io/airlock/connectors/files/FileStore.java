package io.airlock.connectors.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Where the files of a {@code source-files} connector live. A local folder today; an S3-compatible
 * bucket is another implementation of the same three operations (issue #3).
 */
public interface FileStore {
  /** Files whose path relative to the root matches any of {@code globs}, sorted by path. */
  List<StoredFile> list(List<String> globs);

  /** The file's bytes from the start. */
  InputStream open(StoredFile file) throws IOException;

  /** The file's bytes with random access, for formats that read a footer first (Parquet). */
  SeekableByteChannel openRandomAccess(StoredFile file) throws IOException;

  /** Names the store in messages, for example {@code folder /data/in}. */
  String describe();

  /** Throws a {@link io.airlock.connectors.spi.ConnectorException} if the store cannot be read. */
  void check();
}
