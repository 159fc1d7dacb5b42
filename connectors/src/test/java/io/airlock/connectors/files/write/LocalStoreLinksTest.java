package io.airlock.connectors.files.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files destination never writes, lists or deletes through a symbolic link. */
class LocalStoreLinksTest {
  @TempDir Path root;

  @Test
  void aLinkedStreamFolderIsRefusedAndItsTargetKept() throws Exception {
    Path out = Files.createDirectories(root.resolve("out"));
    Path work = Files.createDirectories(root.resolve("work"));
    Files.writeString(work.resolve("key.pem"), "key");
    Files.createSymbolicLink(out.resolve("people"), work);
    LocalFileStore store = new LocalFileStore(out);

    assertThatThrownBy(() -> store.create("people/sync-1/part-00000.csv"))
        .hasMessageContaining("symbolic link")
        .hasMessageContaining("people");
    assertThatThrownBy(() -> store.list("people")).hasMessageContaining("symbolic link");
    store.deleteTree("people");
    assertThat(out.resolve("people")).doesNotExist();
    assertThat(work.resolve("key.pem")).hasContent("key");
  }

  @Test
  void aLinkPlantedUnderATemporaryNameIsReplacedNotFollowed() throws Exception {
    Path out = Files.createDirectories(root.resolve("out/people"));
    Path decoy = Files.writeString(root.resolve("decoy.txt"), "keep me");
    Files.createSymbolicLink(out.resolve("._LATEST.inprogress"), decoy);
    LocalFileStore store = new LocalFileStore(root.resolve("out"));

    FileStore.PendingFile latest = store.create("people/_LATEST");
    latest.stream().write("sync-2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    latest.commit();

    assertThat(decoy).hasContent("keep me");
    assertThat(out.resolve("_LATEST")).hasContent("sync-2");
    assertThat(Files.isSymbolicLink(out.resolve("_LATEST"))).isFalse();
  }
}
