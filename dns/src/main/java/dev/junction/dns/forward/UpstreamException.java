package dev.junction.dns.forward;

/** No upstream answered a forwarded question; the client gets SERVFAIL. */
public final class UpstreamException extends Exception {

    public UpstreamException(String message) {
        super(message, null, false, false);
    }
}
