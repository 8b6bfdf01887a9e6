package dev.junction.core.netlink;

/**
 * A netlink socket failed (socket, bind, send or receive), the kernel did not answer in time, or its reply was
 * malformed. The message names the operation and the errno or the malformed field.
 */
public class NetlinkException extends RuntimeException {

    public NetlinkException(String message) {
        super(message);
    }
}
