package dev.junction.userspace.serve;

import java.net.InetSocketAddress;

/** A Service port's listener could not bind an address; the other Service ports are served all the same. */
final class ListenFailedException extends Exception {

    ListenFailedException(String servicePort, InetSocketAddress address, Throwable cause) {
        super(servicePort + ": cannot listen on " + address + " (" + cause.getMessage() + ")", cause);
    }
}
