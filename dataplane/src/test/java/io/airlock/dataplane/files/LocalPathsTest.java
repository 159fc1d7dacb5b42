package io.airlock.dataplane.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.dataplane.secrets.FileSecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deny by default: connectors reach the host's files only inside allowed folders. */
class LocalPathsTest {
  @TempDir Path root;

  @Test
  void withNoFolderAllowedEveryLocalPathSettingIsRefused() {
    for (String type : List.of("source-files", "source-csv", "destination-files")) {
      assertThatThrownBy(() -> LocalPaths.none().check(type, Map.of("path", root.toString())))
          .isInstanceOf(ConnectorException.class)
          .hasMessage(
              "Connector "
                  + type
                  + " setting 'path' is a local path, and this data plane allows none; start it"
                  + " with --allow-path FOLDER for the folders its connectors may use");
    }
    assertThatThrownBy(
            () -> LocalPaths.none().check("destination-duckdb", Map.of("path", "/tmp/x.duckdb")))
        .isInstanceOf(ConnectorException.class);
    assertThatThrownBy(
            () -> LocalPaths.none().check("source-external", Map.of("command", "/bin/sh")))
        .hasMessageContaining("setting 'command'");
    assertThatThrownBy(
            () -> LocalPaths.none().check("source-http", Map.of("streams_file", "/etc/passwd")))
        .hasMessageContaining("setting 'streams_file'");
  }

  @Test
  void pathsInsideAnAllowedFolderPassAndOthersAreRefused() throws Exception {
    Path data = Files.createDirectories(root.resolve("data"));
    LocalPaths paths = LocalPaths.allowing(data);

    assertThatCode(() -> paths.check("source-files", Map.of("path", data + "/landing/2024")))
        .doesNotThrowAnyException();
    assertThatCode(() -> paths.check("source-files", Map.of("bucket", "b", "path", "")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> paths.check("source-files", Map.of("path", data + "/../elsewhere")))
        .hasMessageContaining("is outside the folders this data plane allows");
    assertThatThrownBy(() -> paths.check("source-files", Map.of("path", "relative/inside")))
        .hasMessageContaining("is outside");
  }

  @Test
  void aSymbolicLinkInsideAnAllowedFolderCannotLeadOutOfIt() throws Exception {
    Path data = Files.createDirectories(root.resolve("data"));
    Path secret = Files.createDirectories(root.resolve("secret"));
    Files.createSymbolicLink(data.resolve("link"), secret);

    assertThatThrownBy(
            () -> LocalPaths.allowing(data).check("source-files", Map.of("path", data + "/link")))
        .hasMessageContaining("is outside");
  }

  @Test
  void aDanglingLinkIsFollowedToWhereItsFileWouldBeCreated() throws Exception {
    Path data = Files.createDirectories(root.resolve("data"));
    Path work = Files.createDirectories(root.resolve("work"));
    Files.createSymbolicLink(data.resolve("d.duckdb"), work.resolve("wh.duckdb"));
    LocalPaths paths = LocalPaths.allowing(List.of(data), List.of(work));

    assertThatThrownBy(() -> paths.check("destination-duckdb", Map.of("path", data + "/d.duckdb")))
        .hasMessageContaining("setting 'path'");
  }

  @Test
  void theWorkFolderIsRefusedEvenInsideAnAllowedFolder() throws Exception {
    Path work = Files.createDirectories(root.resolve("dataplane/default"));
    LocalPaths paths = LocalPaths.allowing(List.of(root), List.of(work));

    assertThatThrownBy(() -> paths.check("source-files", Map.of("path", work.toString())))
        .hasMessageContaining("is outside the folders this data plane allows");
    assertThatCode(() -> paths.check("source-files", Map.of("path", root + "/exports")))
        .doesNotThrowAnyException();
  }

  @Test
  void aFileSecretReferenceIntoTheWorkFolderIsRefused() throws Exception {
    Path work = Files.createDirectories(root.resolve("work"));
    Files.writeString(work.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    Files.writeString(root.resolve("password"), "s3cret\n");
    FileSecretResolver resolver = new FileSecretResolver(List.of(work));

    assertThatThrownBy(() -> resolver.resolve("file://" + work.resolve("key.pem")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("does not allow this file as a secret")
        .hasMessageNotContaining("PRIVATE")
        .hasMessageNotContaining(work.toString());
    assertThat(resolver.resolve("file://" + root.resolve("password")).reveal()).isEqualTo("s3cret");
  }
}
