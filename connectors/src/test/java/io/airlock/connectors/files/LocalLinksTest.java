package io.airlock.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files source lists only the folder's own regular files: no link leads out of it. */
class LocalLinksTest {
  @TempDir Path root;

  @Test
  void symbolicLinksToFilesAndFoldersAreNotRead() throws Exception {
    Path folder = Files.createDirectories(root.resolve("allowed"));
    Path secret = Files.createDirectories(root.resolve("secret"));
    Files.writeString(secret.resolve("key.csv"), "-----BEGIN PRIVATE KEY-----\n");
    Files.writeString(folder.resolve("people.csv"), "id\n1\n");
    Files.createSymbolicLink(folder.resolve("key.csv"), secret.resolve("key.csv"));
    Files.createSymbolicLink(folder.resolve("linked"), secret);

    List<StoredFile> files = new LocalFileStore(folder).list(List.of("**", "*"));

    assertThat(files).extracting(StoredFile::path).containsExactly("people.csv");
  }
}
