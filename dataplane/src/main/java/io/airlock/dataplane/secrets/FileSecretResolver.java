package io.airlock.dataplane.secrets;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.protocol.secrets.SecretReference;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves {@code file:///absolute/path} to the file's bytes, without one trailing line break
 * ({@code \n} or {@code \r\n}), as secrets mounted by Docker or Kubernetes usually have.
 *
 * <p>Errors say what is wrong with the file but not its path: the path is the reference's value,
 * and the caller names the field that holds it.
 */
public final class FileSecretResolver implements SecretResolver {
  private final List<Path> denied;

  /** A resolver that reads any file the data plane's user may read. */
  public FileSecretResolver() {
    this(List.of());
  }

  /**
   * A resolver that refuses files inside {@code denied} folders: the data plane's work folder holds
   * its own private key, which no connector setting may carry.
   */
  public FileSecretResolver(List<Path> denied) {
    this.denied = denied.stream().map(LocalPaths::real).toList();
  }

  @Override
  public Secret resolve(String reference) {
    Path file = path(SecretReferences.parse(reference, SecretReference.FILE).location());
    if (denied.stream().anyMatch(LocalPaths.real(file)::startsWith)) {
      throw failure(
          "the data plane does not allow this file as a secret (no secret may be kept in its own"
              + " work folder); keep secrets elsewhere");
    }
    byte[] content = read(file);
    try {
      int length = withoutTrailingNewline(content);
      if (length == 0) {
        throw failure("the file is empty; write the secret into it");
      }
      return Secret.of(Arrays.copyOf(content, length));
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static Path path(String location) {
    try {
      return Path.of(location);
    } catch (InvalidPathException e) {
      throw failure("the path is not valid on the data plane's host");
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw failure("the file does not exist on the data plane's host");
    } catch (AccessDeniedException e) {
      throw failure("the data plane's user may not read the file");
    } catch (IOException e) {
      throw failure("cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static ConnectorException failure(String why) {
    return new ConnectorException(ConnectorException.Kind.USER, "Secret file reference: " + why);
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
