package io.airlock.connectors.files;

import io.airlock.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files in a folder on the data plane's host. Globs match the path relative to the folder, so
 * {@code *.csv} reads the folder itself and {@code **}{@code /*.csv} its subfolders too.
 */
final class LocalFileStore implements FileStore {
  private final Path root;

  LocalFileStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public void check() {
    if (!Files.isDirectory(root) || !Files.isReadable(root)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Folder " + root + " does not exist or is not readable on this data plane");
    }
  }

  @Override
  public List<StoredFile> list(List<String> globs) {
    check();
    List<PathMatcher> matchers = new ArrayList<>();
    boolean deep = false;
    for (String glob : globs) {
      matchers.add(matcher(glob));
      deep |= glob.contains("/") || glob.contains("**");
    }
    try (Stream<Path> paths = Files.walk(root, deep ? Integer.MAX_VALUE : 1)) {
      return paths
          // Symbolic links are not followed: a link must not lead out of the allowed folder.
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> matchers.stream().anyMatch(m -> m.matches(root.relativize(p))))
          .map(this::stored)
          .sorted(Comparator.comparing(StoredFile::path))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot list " + describe() + ": " + e.getClass().getSimpleName(),
          e);
    }
  }

  /** A matcher of relative paths for {@code glob}, as every store matches them. */
  static PathMatcher matcher(String glob) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Glob " + glob + " is not valid: " + e.getMessage() + "; fix setting 'globs'");
    }
  }

  private StoredFile stored(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      String relative = root.relativize(path).toString().replace('\\', '/');
      return new StoredFile(relative, attributes.size(), attributes.lastModifiedTime().toInstant());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(StoredFile file) throws IOException {
    return Files.newInputStream(resolve(file));
  }

  @Override
  public SeekableByteChannel openRandomAccess(StoredFile file) throws IOException {
    return Files.newByteChannel(resolve(file));
  }

  private Path resolve(StoredFile file) {
    Path path = root.resolve(file.path()).normalize();
    if (!path.startsWith(root)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER, "File " + file.path() + " is outside " + describe());
    }
    return path;
  }

  @Override
  public String describe() {
    return "folder " + root;
  }
}
