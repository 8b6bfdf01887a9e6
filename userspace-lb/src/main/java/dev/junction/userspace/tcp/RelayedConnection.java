package dev.junction.userspace.tcp;

/** One client connection relaying to an endpoint, as whoever drains it sees it. */
public interface RelayedConnection {

    /** Closes both sides without flushing; any thread. */
    void terminate();
}
