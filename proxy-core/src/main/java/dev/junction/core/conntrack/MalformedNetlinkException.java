package dev.junction.core.conntrack;

/** A netlink reply that does not parse: a length past the end, a missing attribute, a value of the wrong size. */
public class MalformedNetlinkException extends ConntrackException {

    public MalformedNetlinkException(String message) {
        super("malformed ctnetlink reply: " + message);
    }
}
