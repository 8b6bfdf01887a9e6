package dev.junction.dns.forward;

/**
 * Too many questions are in flight upstream; the client gets REFUSED, as from CoreDNS's forward with
 * {@code max_concurrent}.
 */
public final class ForwarderOverloadedException extends Exception {

    public ForwarderOverloadedException(String message) {
        super(message, null, false, false);
    }
}
