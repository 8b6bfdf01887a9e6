package dev.junction.core.backend;

/** Whether a sync rewrites everything or only what changed since the last applied snapshot. */
public enum SyncScope {
    /** Rewrite every rule and remove anything stale: at start, periodically, and after any failure. */
    FULL,
    /** Rewrite only the Services that differ from the last applied snapshot, plus top-level rules. */
    PARTIAL
}
