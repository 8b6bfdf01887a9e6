package dev.junction.iptables.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares text with {@code src/test/resources/golden/NAME.txt}; with {@code -Djunction.golden.update=true} it
 * rewrites the file instead, for review as a diff.
 */
public final class GoldenFiles {

    private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

    private GoldenFiles() {
    }

    /** {@code name} may contain a directory ({@code nftables/overall}). */
    public static void assertMatches(String name, String actual) {
        Path file = DIRECTORY.resolve(name + ".txt");
        try {
            if (Boolean.getBoolean("junction.golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s (create it with -Djunction.golden.update=true)", file).exists();
            assertThat(actual).as("rendered ruleset vs golden file %s", file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + file, e);
        }
    }
}
