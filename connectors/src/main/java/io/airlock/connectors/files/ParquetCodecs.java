package io.airlock.connectors.files;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Decompresses Parquet pages without Hadoop's codec classes: uncompressed, Snappy, GZIP, ZSTD and
 * LZ4_RAW. Brotli, LZO and Hadoop-framed LZ4 are refused with a clear error (issue #3).
 */
public final class ParquetCodecs implements CompressionCodecFactory {
  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new Decompressor(codec);
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("The Parquet reader does not compress");
  }

  @Override
  public void release() {
    // Nothing pooled.
  }

  /** Thrown when a file uses a codec this reader does not have. */
  static final class UnsupportedCodecException extends IOException {
    final CompressionCodecName codec;

    UnsupportedCodecException(CompressionCodecName codec) {
      super("unsupported codec " + codec);
      this.codec = codec;
    }
  }

  private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {
    @Override
    public BytesInput decompress(BytesInput input, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return input;
      }
      return BytesInput.from(decompress(input.toByteArray(), uncompressedSize));
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] compressed = new byte[compressedSize];
      input.get(compressed);
      byte[] plain =
          codec == CompressionCodecName.UNCOMPRESSED
              ? compressed
              : decompress(compressed, uncompressedSize);
      output.put(plain, 0, uncompressedSize);
    }

    private byte[] decompress(byte[] compressed, int size) throws IOException {
      byte[] plain = new byte[size];
      switch (codec) {
        case SNAPPY -> Snappy.uncompress(compressed, 0, compressed.length, plain, 0);
        case ZSTD -> {
          long written = Zstd.decompressByteArray(plain, 0, size, compressed, 0, compressed.length);
          if (Zstd.isError(written)) {
            throw new IOException("ZSTD page is corrupt: " + Zstd.getErrorName(written));
          }
        }
        case GZIP -> {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            plain = in.readNBytes(size);
          }
        }
        case LZ4_RAW ->
            new Lz4Decompressor().decompress(compressed, 0, compressed.length, plain, 0, size);
        default -> throw new UnsupportedCodecException(codec);
      }
      return plain;
    }

    @Override
    public void release() {
      // Nothing pooled.
    }
  }
}
