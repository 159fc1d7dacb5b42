package io.airlock.connectors.files.write;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet compression without Hadoop: parquet-hadoop's own codec factory loads Hadoop classes, so
 * the files destination brings these three codecs (no compression, Snappy, Zstandard) itself.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  private static final int ZSTD_LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    requireSupported(codec);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return switch (codec) {
          case SNAPPY -> BytesInput.from(Snappy.compress(bytes.toByteArray()));
          case ZSTD -> BytesInput.from(Zstd.compress(bytes.toByteArray(), ZSTD_LEVEL));
          default -> bytes;
        };
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    requireSupported(codec);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int size) throws IOException {
        return BytesInput.from(decompress(bytes.toByteArray(), size));
      }

      @Override
      public void decompress(ByteBuffer input, int inputSize, ByteBuffer output, int outputSize)
          throws IOException {
        byte[] compressed = new byte[inputSize];
        input.get(compressed);
        output.put(decompress(compressed, outputSize));
      }

      private byte[] decompress(byte[] compressed, int size) throws IOException {
        return switch (codec) {
          case SNAPPY -> Snappy.uncompress(compressed);
          case ZSTD -> Zstd.decompress(compressed, size);
          default -> compressed;
        };
      }

      @Override
      public void release() {}
    };
  }

  private static void requireSupported(CompressionCodecName codec) {
    if (codec != CompressionCodecName.UNCOMPRESSED
        && codec != CompressionCodecName.SNAPPY
        && codec != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException(
          "Parquet codec " + codec + " is not supported; use UNCOMPRESSED, SNAPPY or ZSTD");
    }
  }

  @Override
  public void release() {}
}
