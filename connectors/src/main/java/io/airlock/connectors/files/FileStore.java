package io.airlock.connectors.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Where the files of a {@code source-files} connector live: a local folder ({@link LocalFileStore})
 * or a prefix of an S3-compatible bucket ({@link S3FileStore}).
 */
public interface FileStore extends AutoCloseable {
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

  /** Releases the store's client, if it has one. */
  @Override
  default void close() {}
}
