package io.airlock.connectors.files.write;

import io.airlock.connectors.spi.ConnectorException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FileStore} in a local folder. A pending file is written as a hidden {@code
 * .<name>.inprogress} beside its final name, forced to disk and renamed atomically on commit.
 */
final class LocalFileStore implements FileStore {
  private static final Logger log = LoggerFactory.getLogger(LocalFileStore.class);

  private final Path root;

  LocalFileStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path resolve(String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("Path escapes the destination folder");
    }
    refuseLinks(resolved);
    return resolved;
  }

  /**
   * Refuses a path below the root that passes through a symbolic link: the destination writes,
   * moves and deletes only inside its folder, and a link could lead it anywhere.
   */
  private void refuseLinks(Path resolved) {
    if (resolved == null || !resolved.startsWith(root)) {
      return;
    }
    Path current = root;
    for (Path part : root.relativize(resolved)) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "A symbolic link is in the way inside the destination folder (at "
                + root.relativize(current)
                + "); the files destination does not follow links. Remove the link");
      }
    }
  }

  @Override
  public PendingFile create(String path) throws IOException {
    Path target = resolve(path);
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling("." + target.getFileName() + ".inprogress");
    // A leftover (or a planted link) under the temporary name is removed itself, never followed;
    // the new file is created afresh, so no link can redirect the write.
    Files.deleteIfExists(temporary);
    FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    return new LocalPendingFile(target, temporary, channel);
  }

  private static final class LocalPendingFile implements PendingFile {
    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream stream;

    LocalPendingFile(Path target, Path temporary, FileChannel channel) {
      this.target = target;
      this.temporary = temporary;
      this.channel = channel;
      this.stream =
          new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public void commit() throws IOException {
      stream.flush();
      channel.force(true);
      stream.close();
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      forceFolder(target.getParent());
    }

    @Override
    public void discard() {
      try {
        stream.close();
      } catch (IOException e) {
        log.debug("Closing a discarded file failed");
      }
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        log.warn("Cannot delete unfinished file {}; delete it by hand", temporary);
      }
    }
  }

  /** Makes a rename in {@code folder} durable. */
  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("Cannot force folder {} to disk", folder);
    }
  }

  @Override
  public void moveTree(String from, String to) throws IOException {
    Path target = resolve(to);
    Files.createDirectories(target.getParent());
    Files.move(resolve(from), target, StandardCopyOption.ATOMIC_MOVE);
    forceFolder(target.getParent());
  }

  @Override
  public List<String> list(String folder) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(folder))) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  @Override
  public void deleteTree(String path) throws IOException {
    Path start = root.resolve(path).normalize();
    if (!start.startsWith(root)) {
      throw new IllegalArgumentException("Path escapes the destination folder");
    }
    refuseLinks(start.getParent());
    if (Files.isSymbolicLink(start)) {
      // Deleting a link removes the link itself, never what it points to.
      Files.delete(start);
      return;
    }
    if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(folder);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  @Override
  public String describe(String path) {
    return resolve(path).toString();
  }
}
