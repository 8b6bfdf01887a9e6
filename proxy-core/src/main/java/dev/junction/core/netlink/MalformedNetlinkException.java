package dev.junction.core.netlink;

/** A netlink reply that does not parse: a length past the end, a missing attribute, a value of the wrong size. */
public class MalformedNetlinkException extends NetlinkException {

    public MalformedNetlinkException(String message) {
        super("malformed netlink reply: " + message);
    }
}
