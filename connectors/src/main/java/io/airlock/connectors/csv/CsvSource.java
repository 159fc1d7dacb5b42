package io.airlock.connectors.csv;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder of CSV files, one stream per file, as {@link CsvStreams} describes. Empty fields
 * are NULL. {@code source-files} reads the same files with more options.
 */
final class CsvSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(CsvSource.class);

  private final Path folder;
  private final String glob;
  private final CsvOptions options;

  CsvSource(ConnectorSettings settings) {
    this.folder = Path.of(settings.requiredString("path"));
    this.glob = settings.string("glob", "*.csv");
    this.options =
        CsvOptions.defaults()
            .withDelimiter(delimiter(settings.string("delimiter", ",")))
            .withCharset(charset(settings.string("encoding", "UTF-8")));
  }

  @Override
  public void check() {
    if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "CSV folder " + folder + " does not exist or is not readable on this data plane");
    }
    files();
  }

  @Override
  public List<StreamDescriptor> discover() {
    check();
    List<StreamDescriptor> streams = new ArrayList<>();
    for (CsvFile file : files()) {
      streams.add(describe(file));
    }
    log.info("Discovered {} CSV files in {}", streams.size(), folder);
    return streams;
  }

  private StreamDescriptor describe(CsvFile file) {
    return new StreamDescriptor(file.streamName(), null, CsvStreams.describe(file), List.of());
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    requireNonNull(stream, "stream is null");
    requireNonNull(sink, "sink is null");
    CsvFile file = file(stream.name());
    long rows = CsvStreams.read(file, stream.columns(), sink);
    log.info("Read {} rows from CSV file {}", rows, file.fileName());
  }

  private CsvFile file(String stream) {
    for (CsvFile file : files()) {
      if (file.streamName().equals(stream)) {
        return file;
      }
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "No CSV file for stream " + stream + " in " + folder + " (glob " + glob + ")");
  }

  private List<CsvFile> files() {
    List<Path> paths = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, glob)) {
      for (Path entry : entries) {
        // Symbolic links are not followed: a link must not lead out of the folder.
        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          paths.add(entry);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot list CSV folder " + folder + " with glob " + glob + ": " + e.getMessage(),
          e);
    }
    paths.sort(null);
    List<CsvFile> files = new ArrayList<>();
    Map<String, Path> byStream = new HashMap<>();
    for (Path path : paths) {
      CsvFile file =
          new CsvFile(path.getFileName().toString(), () -> Files.newInputStream(path), options);
      Path clash = byStream.putIfAbsent(file.streamName(), path);
      if (clash != null) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "CSV files "
                + clash.getFileName()
                + " and "
                + path.getFileName()
                + " would both be stream "
                + file.streamName()
                + "; narrow the glob");
      }
      files.add(file);
    }
    return files;
  }

  private static char delimiter(String value) {
    if (value.length() != 1) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector source-csv setting 'delimiter' must be exactly one character");
    }
    return value.charAt(0);
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector source-csv setting 'encoding' names an unknown character set: " + name);
    }
  }

  @Override
  public void close() {
    // Files are opened and closed per call.
  }
}
