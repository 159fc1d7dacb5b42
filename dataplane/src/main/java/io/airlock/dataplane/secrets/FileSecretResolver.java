package io.airlock.dataplane.secrets;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Resolves {@code file:///absolute/path} to the file's bytes, without one trailing line break
 * ({@code \n} or {@code \r\n}), as secrets mounted by Docker or Kubernetes usually have.
 */
public final class FileSecretResolver implements SecretResolver {
  @Override
  public Secret resolve(String reference) {
    Path file = path(SecretReferences.location(reference, "file"));
    byte[] content = read(file);
    try {
      int length = withoutTrailingNewline(content);
      if (length == 0) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "Secret reference file://" + file + ": the file is empty");
      }
      return Secret.of(Arrays.copyOf(content, length));
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static Path path(String location) {
    try {
      Path path = Path.of(location);
      if (!location.startsWith("/") || !path.isAbsolute()) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "Invalid secret reference file://"
                + location
                + ": expected an absolute path, as in file:///run/secrets/name");
      }
      return path;
    } catch (InvalidPathException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Invalid secret reference file://" + location + ": not a valid path");
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw failure(file, "the file does not exist on the data plane's host");
    } catch (AccessDeniedException e) {
      throw failure(file, "the data plane's user may not read the file");
    } catch (IOException e) {
      throw failure(file, "cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static ConnectorException failure(Path file, String why) {
    return new ConnectorException(
        ConnectorException.Kind.USER, "Secret reference file://" + file + ": " + why);
  }

  private static int withoutTrailingNewline(byte[] content) {
    int length = content.length;
    if (length > 0 && content[length - 1] == '\n') {
      length--;
      if (length > 0 && content[length - 1] == '\r') {
        length--;
      }
    }
    return length;
  }
}
