package dev.junction.dns.server;

import dev.junction.dns.wire.DnsQuery;

/** How a query arrived, which bounds the size of its reply. */
enum Transport {
    UDP,
    TCP;

    private static final int TCP_LIMIT = 65_535;

    /** The largest reply: the client's UDP limit (512 or its EDNS size) over UDP, 65535 over TCP. */
    int replyLimit(DnsQuery query) {
        return this == TCP ? TCP_LIMIT : query.udpLimit();
    }

    /** The metric tag value. */
    String tag() {
        return this == TCP ? "tcp" : "udp";
    }
}
