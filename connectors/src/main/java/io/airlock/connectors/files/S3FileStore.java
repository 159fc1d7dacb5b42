package io.airlock.connectors.files;

import io.airlock.connectors.files.s3.S3Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects under a key prefix of an S3 bucket. Globs match the key below the prefix with the same
 * rules as {@link LocalFileStore}: {@code *.csv} matches objects directly under the prefix, {@code
 * **}{@code /*.csv} those further down. Objects are read as streams; Parquet's random access is
 * served by ranged GETs ({@link S3RangeChannel}), so no object is ever held whole in memory.
 */
final class S3FileStore implements FileStore {
  private static final Logger log = LoggerFactory.getLogger(S3FileStore.class);

  private final S3Bucket bucket;

  S3FileStore(S3Bucket bucket) {
    this.bucket = bucket;
  }

  @Override
  public void check() {
    bucket.check();
  }

  @Override
  public List<StoredFile> list(List<String> globs) {
    List<PathMatcher> matchers = globs.stream().map(LocalFileStore::matcher).toList();
    List<StoredFile> files = new ArrayList<>();
    try {
      for (S3Object object :
          bucket
              .client()
              .listObjectsV2Paginator(
                  request -> request.bucket(bucket.bucket()).prefix(bucket.prefix()))
              .contents()) {
        String relative = object.key().substring(bucket.prefix().length());
        if (!relative.isEmpty() && !relative.endsWith("/") && matches(relative, matchers)) {
          files.add(new StoredFile(relative, object.size(), object.lastModified()));
        }
      }
    } catch (SdkException e) {
      throw bucket.error("list", "", e);
    }
    files.sort(Comparator.comparing(StoredFile::path));
    return files;
  }

  /**
   * Whether a relative key matches, as a path. A key that is not a plain path ({@code a//b}, {@code
   * ../b}) matches nothing, with a warning, since it cannot name a file the same way twice.
   */
  private boolean matches(String relative, List<PathMatcher> matchers) {
    Path path;
    try {
      path = Path.of(relative);
    } catch (InvalidPathException e) {
      log.warn("Skipping object {}: its key is not a valid path", bucket.describe(relative));
      return false;
    }
    if (!path.toString().equals(relative) || !path.normalize().equals(path)) {
      log.warn("Skipping object {}: its key is not a plain path", bucket.describe(relative));
      return false;
    }
    return matchers.stream().anyMatch(m -> m.matches(path));
  }

  @Override
  public InputStream open(StoredFile file) throws IOException {
    try {
      return bucket
          .client()
          .getObject(request -> request.bucket(bucket.bucket()).key(bucket.key(file.path())));
    } catch (SdkException e) {
      throw bucket.error("read", file.path(), e);
    }
  }

  @Override
  public SeekableByteChannel openRandomAccess(StoredFile file) {
    return new S3RangeChannel(bucket, file);
  }

  @Override
  public String describe() {
    return "bucket " + bucket.describe("");
  }

  @Override
  public void close() {
    bucket.close();
  }
}
