package dev.junction.nftables.apply;

import dev.junction.core.backend.SyncFailedException;
import java.util.List;

/**
 * {@code nft} failed. The message has the command, its exit code and stderr and, when nft blamed a line of the
 * transaction, that line with three lines of context either side, so the log shows what the kernel refused.
 */
public final class NftException extends SyncFailedException {

    private final String context;

    public NftException(List<String> command, int exitCode, String stderr, String context) {
        super(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip()
                + (context.isEmpty() ? "" : "\n" + context));
        this.context = context;
    }

    /** The failing transaction line with context, or "" when the failure was not tied to a line. */
    public String context() {
        return context;
    }
}
