package dev.junction.core.watch;

import java.nio.file.Path;

/** A manifest file that cannot be turned into objects: a syntax error, or a document that does not deserialize. */
public final class ManifestException extends Exception {

    /**
     * @param line the 1-based line of the error, or of the start of the failing document; 0 when unknown
     */
    ManifestException(Path file, int line, String reason, Throwable cause) {
        super("manifest " + file + (line > 0 ? " line " + line : "") + ": " + reason, cause);
    }
}
