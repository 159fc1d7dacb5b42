package io.airlock.connectors.files;

import io.airlock.connectors.files.s3.S3Bucket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Random access to an object through ranged GETs. Each read that misses the buffer fetches one
 * block from the position on: at least {@link #MIN_BLOCK} bytes (so Parquet's small footer reads
 * share one request) and at most {@link #MAX_BLOCK} (so memory stays bounded however much a caller
 * asks for at once). The object's size is the one listed; a shorter answer is an error.
 */
final class S3RangeChannel implements SeekableByteChannel {
  static final int MIN_BLOCK = 1 << 20;
  static final int MAX_BLOCK = 8 << 20;

  private final S3Bucket bucket;
  private final StoredFile file;
  private long position;
  private long blockStart;
  private byte[] block = new byte[0];
  private boolean open = true;

  S3RangeChannel(S3Bucket bucket, StoredFile file) {
    this.bucket = bucket;
    this.file = file;
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    ensureOpen();
    if (position >= file.size()) {
      return -1;
    }
    if (position < blockStart || position >= blockStart + block.length) {
      fetch(destination.remaining());
    }
    int offset = (int) (position - blockStart);
    int count = Math.min(destination.remaining(), block.length - offset);
    destination.put(block, offset, count);
    position += count;
    return count;
  }

  private void fetch(int wanted) throws IOException {
    long length = Math.min(Math.clamp(wanted, MIN_BLOCK, MAX_BLOCK), file.size() - position);
    String range = "bytes=" + position + "-" + (position + length - 1);
    ResponseBytes<GetObjectResponse> bytes;
    try {
      bytes =
          bucket
              .client()
              .getObjectAsBytes(
                  request ->
                      request.bucket(bucket.bucket()).key(bucket.key(file.path())).range(range));
    } catch (SdkException e) {
      throw bucket.error("read", file.path(), e);
    }
    byte[] fetched = bytes.asByteArrayUnsafe();
    if (fetched.length != length) {
      throw new IOException(
          "Object "
              + bucket.describe(file.path())
              + " changed while it was read: asked for "
              + length
              + " bytes at "
              + position
              + ", got "
              + fetched.length);
    }
    blockStart = position;
    block = fetched;
  }

  @Override
  public int write(ByteBuffer source) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("Negative position");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return file.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  private void ensureOpen() throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    block = new byte[0];
  }
}
