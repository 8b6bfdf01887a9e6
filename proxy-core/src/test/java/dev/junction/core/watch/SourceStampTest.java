package dev.junction.core.watch;

import static dev.junction.core.watch.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStampTest {

    @TempDir
    Path dir;

    @Test
    void untouchedFilesStampEqual() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), service("shop", "web", "198.18.0.10"));
        Files.writeString(dir.resolve("b.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        SourceStamp first = SourceStamp.read(dir);

        assertThat(SourceStamp.read(dir)).isEqualTo(first);
        assertThat(first.files()).containsOnlyKeys(dir.resolve("a.yaml"), dir.resolve("b.json"));
    }

    @Test
    void aSameSizeRewriteWithItsModificationTimeRestoredChangesTheStamp() throws IOException {
        Path file = Files.writeString(dir.resolve("services.yaml"), service("shop", "web", "198.18.0.10"));
        FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(file, anHourAgo);
        SourceStamp before = SourceStamp.read(file);

        Files.writeString(file, service("shop", "web", "198.18.0.11")); // as cp -p or touch -d would leave it
        Files.setLastModifiedTime(file, anHourAgo);

        SourceStamp after = SourceStamp.read(file);
        assertThat(after.files().get(file).size()).isEqualTo(before.files().get(file).size());
        assertThat(after.files().get(file).modified()).isEqualTo(before.files().get(file).modified());
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void aFileReplacedByRenameChangesTheStamp() throws IOException {
        Path file = Files.writeString(dir.resolve("services.yaml"), service("shop", "web", "198.18.0.10"));
        SourceStamp before = SourceStamp.read(dir);

        Path replacement = Files.writeString(dir.resolve(".services.yaml.swp"), service("shop", "web", "198.18.0.10"));
        Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(file));
        Files.move(replacement, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(SourceStamp.read(dir)).isNotEqualTo(before);
    }

    @Test
    void addingOrRemovingAFileChangesTheStamp() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), service("shop", "web", "198.18.0.10"));
        SourceStamp one = SourceStamp.read(dir);

        Path second = Files.writeString(dir.resolve("b.yaml"), service("shop", "api", "198.18.0.11"));
        SourceStamp two = SourceStamp.read(dir);
        Files.delete(second);

        assertThat(two).isNotEqualTo(one);
        assertThat(SourceStamp.read(dir)).isEqualTo(one);
    }

    @Test
    void aStampIsTrustedOnlyOnceItsFilesAreOlderThanTheTimestampGranularity() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), service("shop", "web", "198.18.0.10"));
        SourceStamp fresh = SourceStamp.read(dir);
        Instant now = Instant.now();

        assertThat(fresh.settledBefore(now)).isFalse();
        assertThat(fresh.settledBefore(now.plus(SourceStamp.TIMESTAMP_GRANULARITY).plusMillis(100))).isTrue();
    }
}
