package io.airlock.connectors.files.write;

import io.airlock.connectors.files.s3.S3Bucket;
import io.airlock.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * A {@link FileStore} under a key prefix of an S3 bucket. Folders are key prefixes ending in {@code
 * /}.
 *
 * <p>A pending file is a multipart upload: its bytes go up in {@link #PART_SIZE} parts while they
 * are written, so memory stays at one part per open file; the object appears only when the upload
 * is completed on {@link PendingFile#commit()}, and {@link PendingFile#discard()} aborts the
 * upload, so no reader ever sees a partial object. A file smaller than one part is sent in one PUT
 * at commit. {@link #moveTree} copies each object and then deletes the originals: it is not atomic,
 * which is why an overwrite publishes through {@code _LATEST}, written last.
 */
final class S3FileStore implements FileStore {
  private static final Logger log = LoggerFactory.getLogger(S3FileStore.class);

  /** Bytes per uploaded part: above S3's 5 MiB minimum, below common server payload limits. */
  static final int PART_SIZE = 8 << 20;

  private static final int DELETE_BATCH = 1000;

  private final S3Bucket bucket;

  S3FileStore(S3Bucket bucket) {
    this.bucket = bucket;
  }

  /** Checks that the bucket exists and may be used. */
  void check() {
    bucket.check();
  }

  @Override
  public PendingFile create(String path) {
    return new Upload(path);
  }

  /** One object being uploaded. */
  private final class Upload extends OutputStream implements PendingFile {
    private final String path;
    private final String key;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer = new byte[64 << 10];
    private int filled;
    private String uploadId;
    private boolean done;

    Upload(String path) {
      this.path = path;
      this.key = bucket.key(path);
    }

    @Override
    public OutputStream stream() {
      return this;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (done) {
        throw new IOException("File " + bucket.describe(path) + " is already committed");
      }
      while (length > 0) {
        if (filled == PART_SIZE) {
          uploadPart();
        }
        grow(Math.min(PART_SIZE, filled + length));
        int count = Math.min(length, PART_SIZE - filled);
        System.arraycopy(bytes, offset, buffer, filled, count);
        filled += count;
        offset += count;
        length -= count;
      }
    }

    private void grow(int needed) {
      if (needed > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(PART_SIZE, Math.max(needed, buffer.length * 2)));
      }
    }

    private void uploadPart() throws IOException {
      try {
        if (uploadId == null) {
          uploadId =
              bucket
                  .client()
                  .createMultipartUpload(request -> request.bucket(bucket.bucket()).key(key))
                  .uploadId();
        }
        int number = parts.size() + 1;
        String etag =
            bucket
                .client()
                .uploadPart(
                    request ->
                        request
                            .bucket(bucket.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number),
                    RequestBody.fromBytes(Arrays.copyOf(buffer, filled)))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
      } catch (SdkException e) {
        throw new StoreException(bucket.error("upload", path, e));
      }
    }

    @Override
    public void commit() throws IOException {
      try {
        if (uploadId == null) {
          bucket
              .client()
              .putObject(
                  request -> request.bucket(bucket.bucket()).key(key),
                  RequestBody.fromBytes(Arrays.copyOf(buffer, filled)));
        } else {
          if (filled > 0) {
            uploadPart();
          }
          bucket
              .client()
              .completeMultipartUpload(
                  request ->
                      request
                          .bucket(bucket.bucket())
                          .key(key)
                          .uploadId(uploadId)
                          .multipartUpload(upload -> upload.parts(parts)));
        }
      } catch (SdkException e) {
        discard();
        throw new StoreException(bucket.error("write", path, e));
      }
      done = true;
      buffer = new byte[0];
    }

    @Override
    public void discard() {
      if (done) {
        return;
      }
      done = true;
      buffer = new byte[0];
      if (uploadId == null) {
        return;
      }
      try {
        bucket
            .client()
            .abortMultipartUpload(
                request -> request.bucket(bucket.bucket()).key(key).uploadId(uploadId));
      } catch (SdkException e) {
        log.warn(
            "Cannot abort the upload of {}; the bucket's lifecycle rule for incomplete uploads"
                + " removes its parts",
            bucket.describe(path));
      }
    }
  }

  @Override
  public void moveTree(String from, String to) throws IOException {
    List<String> moved = new ArrayList<>();
    String fromPrefix = bucket.key(from) + "/";
    try {
      for (S3Object object : objectsUnder(from)) {
        String rest = object.key().substring(fromPrefix.length());
        bucket
            .client()
            .copyObject(
                request ->
                    request
                        .sourceBucket(bucket.bucket())
                        .sourceKey(object.key())
                        .destinationBucket(bucket.bucket())
                        .destinationKey(bucket.key(to + "/" + rest)));
        moved.add(object.key());
      }
    } catch (SdkException e) {
      throw new StoreException(bucket.error("copy", from, e));
    }
    delete(moved, from);
  }

  @Override
  public List<String> list(String folder) throws IOException {
    String prefix = bucket.key(folder) + "/";
    TreeSet<String> names = new TreeSet<>();
    try {
      var pages =
          bucket
              .client()
              .listObjectsV2Paginator(
                  request -> request.bucket(bucket.bucket()).prefix(prefix).delimiter("/"));
      for (var page : pages) {
        for (CommonPrefix common : page.commonPrefixes()) {
          String name = common.prefix().substring(prefix.length());
          names.add(name.substring(0, name.length() - 1));
        }
        for (S3Object object : page.contents()) {
          names.add(object.key().substring(prefix.length()));
        }
      }
    } catch (SdkException e) {
      throw new StoreException(bucket.error("list", folder, e));
    }
    names.remove("");
    return List.copyOf(names);
  }

  @Override
  public void deleteTree(String path) throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object : objectsUnder(path)) {
        keys.add(object.key());
      }
    } catch (SdkException e) {
      throw new StoreException(bucket.error("list", path, e));
    }
    keys.add(bucket.key(path));
    delete(keys, path);
  }

  private Iterable<S3Object> objectsUnder(String folder) {
    ListObjectsV2Iterable pages =
        bucket
            .client()
            .listObjectsV2Paginator(
                request -> request.bucket(bucket.bucket()).prefix(bucket.key(folder) + "/"));
    return pages.contents();
  }

  private void delete(List<String> keys, String where) throws IOException {
    for (int start = 0; start < keys.size(); start += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          keys.subList(start, Math.min(keys.size(), start + DELETE_BATCH)).stream()
              .map(key -> ObjectIdentifier.builder().key(key).build())
              .toList();
      try {
        var response =
            bucket
                .client()
                .deleteObjects(
                    request ->
                        request
                            .bucket(bucket.bucket())
                            .delete(delete -> delete.objects(batch).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
          throw new StoreException(
              new ConnectorException(
                  ConnectorException.Kind.EXTERNAL,
                  "Cannot delete "
                      + response.errors().size()
                      + " objects under "
                      + bucket.describe(where)
                      + " (first: "
                      + response.errors().get(0).code()
                      + ")"));
        }
      } catch (SdkException e) {
        throw new StoreException(bucket.error("delete", where, e));
      }
    }
  }

  @Override
  public String describe(String path) {
    return bucket.describe(path);
  }

  void close() {
    bucket.close();
  }

  /** An S3 failure with its user-facing message, carried through the writer's I/O handling. */
  static final class StoreException extends IOException {
    StoreException(ConnectorException cause) {
      super(cause.getMessage(), cause);
    }

    ConnectorException connectorException() {
      return (ConnectorException) getCause();
    }
  }
}
