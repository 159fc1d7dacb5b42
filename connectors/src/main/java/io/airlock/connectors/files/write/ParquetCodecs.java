package io.airlock.connectors.files.write;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
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
  private static final io.airlock.connectors.files.ParquetCodecs READER =
      new io.airlock.connectors.files.ParquetCodecs();

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

  /** Reading back goes through the files source's decompressors, which know every codec. */
  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    requireSupported(codec);
    return READER.getDecompressor(codec);
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
