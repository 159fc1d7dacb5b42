package io.airlock.cli.quickstart;

import io.airlock.cli.CliException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random secret generated once and kept in a file readable by its owner only (mode 0600), such as
 * the quickstart's hash key. Running the quickstart again reuses it, so hashes stay stable.
 */
public final class LocalSecretFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalSecretFile() {}

  /** The secret kept in {@code file}, creating a 256-bit random one if the file is missing. */
  public static String readOrCreate(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String existing = Files.readString(file).strip();
        if (!existing.isEmpty()) {
          return existing;
        }
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      String created = newSecret();
      createOwnerOnly(file);
      Files.writeString(file, created + "\n");
      return created;
    } catch (IOException e) {
      throw new CliException(
          "Cannot read or create the secret file " + file + ": " + e.getMessage());
    }
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void createOwnerOnly(Path file) throws IOException {
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }
}
