package dev.junction.dns.wire;

/** A DNS message that cannot be parsed; the message says where and why. */
public final class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
