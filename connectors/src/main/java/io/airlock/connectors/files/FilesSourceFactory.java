package io.airlock.connectors.files;

import io.airlock.connectors.csv.CsvOptions;
import io.airlock.connectors.files.s3.S3Bucket;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code source-files} connector: CSV/TSV, JSON Lines or Parquet files in a local folder or an
 * S3-compatible bucket, selected by globs. Its settings are described in {@code source-files.json}.
 */
public final class FilesSourceFactory implements ConnectorFactory {
  public static final String TYPE = "source-files";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Source createSource(ConnectorSettings settings) {
    FileFormat format = format(settings);
    String stream = settings.string("stream", "").trim();
    FileStore store = store(settings);
    return new FilesSource(
        store,
        format,
        settings.strings("globs", List.of()),
        bool(settings, "file_columns", false),
        stream.isEmpty() ? null : stream);
  }

  /** A prefix of the bucket named by 'bucket', or else the folder named by 'path'. */
  private static FileStore store(ConnectorSettings settings) {
    if (S3Bucket.isConfigured(settings)) {
      return new S3FileStore(S3Bucket.open(settings));
    }
    return new LocalFileStore(Path.of(settings.requiredString("path")));
  }

  private static FileFormat format(ConnectorSettings settings) {
    String name = settings.string("format", "csv").toLowerCase(Locale.ROOT);
    return switch (name) {
      case "csv" -> new CsvFormat(csvOptions(settings, ","), List.of("*.csv"));
      case "tsv" -> new CsvFormat(csvOptions(settings, "\t"), List.of("*.tsv"));
      case "jsonl" ->
          new JsonLinesFormat(
              charset(settings), settings.integer("sample_rows", JsonLinesFormat.SAMPLE_ROWS));
      case "parquet" -> new ParquetFormat();
      default ->
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "Connector "
                  + TYPE
                  + " setting 'format' must be csv, tsv, jsonl or parquet, not "
                  + name);
    };
  }

  private static CsvOptions csvOptions(ConnectorSettings settings, String defaultDelimiter) {
    String escape = settings.string("escape", "");
    String invalid = settings.string("invalid_text", "fail");
    if (!invalid.equals("fail") && !invalid.equals("replace")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting 'invalid_text' must be fail or replace");
    }
    int skipRows = settings.integer("skip_rows", 0);
    if (skipRows < 0) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting 'skip_rows' must not be negative");
    }
    return new CsvOptions(
        character(settings, "delimiter", defaultDelimiter),
        character(settings, "quote", "\""),
        escape.isEmpty() ? null : character(settings, "escape", escape),
        charset(settings),
        skipRows,
        bool(settings, "header", true),
        Set.copyOf(settings.strings("null_values", List.of(""))),
        bool(settings, "trim_spaces", false),
        invalid.equals("replace"));
  }

  private static char character(ConnectorSettings settings, String key, String defaultValue) {
    String value = settings.string(key, defaultValue);
    if (value.length() != 1) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting '" + key + "' must be exactly one character");
    }
    return value.charAt(0);
  }

  private static boolean bool(ConnectorSettings settings, String key, boolean defaultValue) {
    String value = settings.string(key, Boolean.toString(defaultValue));
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Connector " + TYPE + " setting '" + key + "' must be true or false");
  }

  private static Charset charset(ConnectorSettings settings) {
    String name = settings.string("encoding", "UTF-8");
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + TYPE + " setting 'encoding' names an unknown character set: " + name);
    }
  }
}
