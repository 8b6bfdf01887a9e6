package dev.junction.core.backend;

/**
 * What a successful sync did.
 *
 * @param scope           the scope actually applied
 * @param servicesWritten how many Services had their rules rewritten
 */
public record SyncOutcome(SyncScope scope, int servicesWritten) {
}
