package dev.junction.core.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The manifest files under a source path and their content at one moment: the path itself when it is a file, or the
 * regular files directly in it named {@code *.yaml}, {@code *.yml} or {@code *.json} when it is a directory. The
 * directory is not searched recursively, and names starting with a dot are skipped (editor swap files, the
 * {@code ..data} directory of a ConfigMap mount). Symbolic links are followed.
 *
 * <p>Two reads are equal exactly when the same files have the same content, which is how a {@link FileSource} tells
 * whether anything changed.
 */
record SourceFiles(Map<Path, String> contents) {

    SourceFiles {
        contents = Map.copyOf(contents);
    }

    /**
     * Reads every manifest file under {@code path}.
     *
     * @throws IOException if the path or one of its files cannot be read, for example while an editor replaces it
     */
    static SourceFiles read(Path path) throws IOException {
        return read(manifestFiles(path));
    }

    /**
     * Reads the given manifest files, as {@link #manifestFiles} or a {@link SourceStamp} listed them.
     *
     * @throws IOException if one of them cannot be read
     */
    static SourceFiles read(Collection<Path> files) throws IOException {
        Map<Path, String> contents = new TreeMap<>();
        for (Path file : files) {
            contents.put(file, Files.readString(file, StandardCharsets.UTF_8));
        }
        return new SourceFiles(contents);
    }

    /**
     * The manifest files under {@code path} in name order: the path itself when it is a file.
     *
     * @throws IOException if the directory cannot be listed
     */
    static List<Path> manifestFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(SourceFiles::isManifest).sorted().toList();
        }
    }

    /** Iterates in file-name order, so the objects of a directory come in a stable order. */
    Map<Path, String> inNameOrder() {
        return new TreeMap<>(contents);
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        boolean manifestName = name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
        return manifestName && !name.startsWith(".") && Files.isRegularFile(file);
    }
}
