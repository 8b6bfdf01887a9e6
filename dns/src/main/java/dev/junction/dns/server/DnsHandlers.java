package dev.junction.dns.server;

import dev.junction.dns.forward.Forwarder;
import dev.junction.dns.records.ZoneIndex;
import java.util.function.Supplier;

/** The shared (stateless) handlers of one server, created once and reused by every channel. */
record DnsHandlers(
        UdpQueryDecoder udpQueryDecoder,
        TcpQueryDecoder tcpQueryDecoder,
        QueryHandler queryHandler,
        ForwardHandler forwardHandler,
        MetricsHandler metricsHandler,
        UdpReplyEncoder udpReplyEncoder,
        TcpReplyEncoder tcpReplyEncoder,
        ErrorHandler udpErrors,
        ErrorHandler tcpErrors) {

    static DnsHandlers create(Supplier<ZoneIndex> zone, Forwarder forwarder, DnsMetrics metrics) {
        return new DnsHandlers(new UdpQueryDecoder(metrics), new TcpQueryDecoder(metrics),
                new QueryHandler(zone, metrics), new ForwardHandler(forwarder), new MetricsHandler(metrics),
                new UdpReplyEncoder(), new TcpReplyEncoder(), new ErrorHandler(Transport.UDP),
                new ErrorHandler(Transport.TCP));
    }
}
