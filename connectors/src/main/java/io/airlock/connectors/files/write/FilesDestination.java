package io.airlock.connectors.files.write;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.files.s3.S3Bucket;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each stream as files in a folder or under a prefix of an S3 bucket ({@link S3FileStore}):
 * {@code <path>/<stream>/<sync>/part-00000.<ext>}, where {@code <sync>} names this job ({@code
 * 20260104T101500123Z-1a2b3c}: its start in UTC to the millisecond and random digits, so names sort
 * by start time). {@link FilesStreamWriter} says how overwrite and append behave.
 */
final class FilesDestination implements Destination {
  private static final Logger log = LoggerFactory.getLogger(FilesDestination.class);
  private static final DateTimeFormatter SYNC_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String type;
  private final Path root;
  private final S3FileStore bucketStore;
  private final FileStore store;
  private final String where;
  private final FileFormat format;
  private final CompressionCodecName codec;
  private final int rowsPerFile;
  private final String syncId;

  FilesDestination(ConnectorSettings settings) {
    this(settings, Clock.systemUTC());
  }

  FilesDestination(ConnectorSettings settings, Clock clock) {
    this.type = settings.type();
    this.format = format(settings);
    this.codec = codec(settings);
    this.rowsPerFile = settings.integer("rowsPerFile", 1_000_000);
    if (rowsPerFile < 1) {
      throw userError("setting 'rowsPerFile' must be at least 1");
    }
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    this.syncId = SYNC_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    if (S3Bucket.isConfigured(settings)) {
      this.root = null;
      this.bucketStore = new S3FileStore(S3Bucket.open(settings));
      this.store = bucketStore;
      this.where = store.describe("");
    } else {
      this.root = Path.of(settings.requiredString("path")).toAbsolutePath().normalize();
      this.bucketStore = null;
      this.store = new LocalFileStore(root);
      this.where = root.toString();
    }
  }

  private FileFormat format(ConnectorSettings settings) {
    String name = settings.requiredString("format");
    try {
      return FileFormat.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw userError("setting 'format' must be one of jsonl, csv or parquet");
    }
  }

  private CompressionCodecName codec(ConnectorSettings settings) {
    String name = settings.string("compression", "zstd").trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
      case "snappy" -> CompressionCodecName.SNAPPY;
      case "zstd" -> CompressionCodecName.ZSTD;
      default -> throw userError("setting 'compression' must be one of uncompressed, snappy, zstd");
    };
  }

  private ConnectorException userError(String problem) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "Connector " + type + " " + problem);
  }

  /** The folder name of this job's files in each stream's folder. */
  String syncId() {
    return syncId;
  }

  @Override
  public void check() {
    if (bucketStore != null) {
      bucketStore.check();
    }
    try {
      if (root != null) {
        Files.createDirectories(root);
      }
      FileStore.PendingFile probe = store.create(".airlock-check");
      probe.stream().write('\n');
      probe.commit();
      store.deleteTree(".airlock-check");
    } catch (S3FileStore.StoreException e) {
      throw e.connectorException();
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot write files in "
              + where
              + "; check that the folder exists or can be created and is writable",
          e);
    }
  }

  @Override
  public StreamWriter open(StreamDescriptor stream, SyncMode mode) {
    requireNonNull(stream, "stream is null");
    requireNonNull(mode, "mode is null");
    if (mode != SyncMode.FULL_REFRESH_OVERWRITE && mode != SyncMode.FULL_REFRESH_APPEND) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.name()
              + " asks for sync mode "
              + mode
              + ", which the files destination does not support yet; incremental sync lands in"
              + " issue #3. Use FULL_REFRESH_OVERWRITE or FULL_REFRESH_APPEND");
    }
    log.info(
        "Writing stream {} as {} files under {} ({})",
        stream.name(),
        format.extension(),
        where,
        mode);
    return new FilesStreamWriter(
        store, new FilesStreamWriter.Layout(format, codec, rowsPerFile, syncId), stream, mode);
  }

  @Override
  public void close() {
    // Writers commit or discard their own files; a bucket's client is released here.
    if (bucketStore != null) {
      bucketStore.close();
    }
  }
}
