package io.airlock.dataplane.enrollment;

import static java.util.Objects.requireNonNull;

import io.airlock.dataplane.transport.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * The data plane's working folder: {@code key.pem} (mode 0600), {@code cert.pem}, {@code ca.pem}
 * and {@code identity.json}. Every file is written to a temporary file first and moved into place
 * atomically, so a crash never leaves a half-written file.
 */
public final class WorkDir {
  static final String KEY = "key.pem";
  static final String CERTIFICATE = "cert.pem";
  static final String CA = "ca.pem";
  static final String IDENTITY = "identity.json";

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;

  public WorkDir(Path dir) {
    this.dir = requireNonNull(dir, "dir is null").toAbsolutePath();
  }

  public Path path() {
    return dir;
  }

  /** Whether an identity was stored (by an earlier enrollment). */
  public boolean enrolled() {
    return Files.exists(dir.resolve(IDENTITY));
  }

  /** The stored identity, if enrolled. */
  public Optional<Identity> identity() {
    if (!enrolled()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProtocolJson.MAPPER.readValue(read(IDENTITY), Identity.class));
    } catch (JacksonException e) {
      throw new IllegalStateException(
          dir.resolve(IDENTITY)
              + " is damaged; delete the work dir and enroll again with a new"
              + " token",
          e);
    }
  }

  /** The stored key, certificate and CA; fails when a file is missing or they do not match. */
  public Credentials credentials() {
    Credentials credentials =
        new Credentials(
            Pem.readPrivateKey(read(KEY), dir.resolve(KEY).toString()),
            Pem.readCertificate(read(CERTIFICATE), dir.resolve(CERTIFICATE).toString()),
            Pem.readCertificate(read(CA), dir.resolve(CA).toString()));
    return credentials;
  }

  /** Stores everything an enrollment produced. The identity is written last. */
  public void store(Identity identity, Credentials credentials) {
    createDir();
    storeCredentials(credentials);
    write(IDENTITY, ProtocolJson.MAPPER.writeValueAsString(identity), false);
  }

  /** Stores a renewed key and certificate: the key first, then the certificate. */
  public void storeCredentials(Credentials credentials) {
    createDir();
    write(CA, Pem.certificate(credentials.ca()), false);
    write(KEY, Pem.privateKey(credentials.key()), true);
    write(CERTIFICATE, Pem.certificate(credentials.certificate()), false);
  }

  private String read(String name) {
    Path file = dir.resolve(name);
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); restore it, or delete the work dir and enroll again with a new token",
          e);
    }
  }

  private void createDir() {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, ownerOnly("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the work dir " + dir, e);
    }
  }

  private void write(String name, String content, boolean secret) {
    Path target = dir.resolve(name);
    Path temp = null;
    try {
      temp =
          Files.createTempFile(
              dir, "." + name, ".tmp", ownerOnly(secret ? "rw-------" : "rw-r--r--"));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("Cannot write " + target, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> set = PosixFilePermissions.fromString(permissions);
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(set)};
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The temporary file stays behind; it is harmless and overwritten on the next write.
    }
  }
}
