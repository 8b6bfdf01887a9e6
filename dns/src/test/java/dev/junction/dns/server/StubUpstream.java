package dev.junction.dns.server;

import dev.junction.core.net.IpAddress;
import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordData;
import dev.junction.dns.records.ResourceRecord;
import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.QueryDecoder;
import dev.junction.dns.wire.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream resolver on loopback (UDP and TCP on one port), answering from a fixed table:
 * {@code example.org} A 198.18.100.1 (TTL 60), {@code big.example.org} 60 A records (truncated over UDP),
 * {@code silent.example.org} never, anything else NXDOMAIN with an SOA. Counts the questions it receives.
 */
final class StubUpstream implements AutoCloseable {

    private static final String SOA_ZONE = "example.org.";

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    final AtomicInteger udpQuestions = new AtomicInteger();
    final AtomicInteger tcpQuestions = new AtomicInteger();

    StubUpstream() throws IOException {
        tcp = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()));
        Thread.ofPlatform().daemon().name("stub-upstream-udp").start(this::serveUdp);
        Thread.ofPlatform().daemon().name("stub-upstream-tcp").start(this::serveTcp);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQuestions.incrementAndGet();
                byte[] reply = answer(Unpooled.wrappedBuffer(packet.getData(), 0, packet.getLength()), 512);
                if (reply.length > 0) {
                    udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket socket = tcp.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpQuestions.incrementAndGet();
                byte[] reply = answer(Unpooled.wrappedBuffer(query), 65_535);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    private static byte[] answer(ByteBuf message, int limit) {
        if (!(QueryDecoder.decode(message) instanceof DnsQuery query)) {
            return new byte[0];
        }
        Answer answer = switch (query.lookupName()) {
            case "example.org." -> positive(query.lookupName(), 1);
            case "big.example.org." -> positive(query.lookupName(), 60);
            case "silent.example.org." -> null;
            default -> new Answer(Rcode.NXDOMAIN, true, List.of(), List.of(new ResourceRecord(SOA_ZONE, 60,
                    new RecordData.Soa("ns." + SOA_ZONE, "admin." + SOA_ZONE, 1, 7200, 1800, 86_400, 30))), List.of());
        };
        if (answer == null) {
            return new byte[0];
        }
        ByteBuf reply = ResponseWriter.write(UnpooledByteBufAllocator.DEFAULT, query, answer,
                limit);
        try {
            return ByteBufUtil.getBytes(reply);
        } finally {
            reply.release();
        }
    }

    private static Answer positive(String name, int count) {
        List<ResourceRecord> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            records.add(new ResourceRecord(name, 60,
                    new RecordData.A(IpAddress.parse("198.18.100." + i))));
        }
        return new Answer(Rcode.NOERROR, false, records, List.of(), List.of());
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing the stub upstream", e);
        }
    }
}
