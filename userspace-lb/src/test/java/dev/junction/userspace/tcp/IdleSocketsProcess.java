package dev.junction.userspace.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The far ends of idle proxied connections, run as a process of their own so that the test's JVM holds only the
 * proxy's descriptors: an endpoint that accepts and never reads, and clients that connect and never write.
 *
 * <p>Protocol on stdin/stdout, one line each: prints {@code endpoint PORT}; reads {@code proxy PORT}; opens
 * {@code count} connections to the proxy, waits until the endpoint has accepted as many, prints {@code ready}; exits
 * when stdin ends, closing everything.
 */
public final class IdleSocketsProcess {

    private IdleSocketsProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int count = Integer.parseInt(args[0]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<SocketChannel> held = new ArrayList<>(count);
        try (ServerSocketChannel endpoint = ServerSocketChannel.open()) {
            endpoint.bind(new InetSocketAddress(loopback, 0), count);
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> accept(endpoint, count, held));
            System.out.println("endpoint " + endpoint.socket().getLocalPort());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            InetSocketAddress proxy = new InetSocketAddress(loopback, Integer.parseInt(in.readLine().split(" ")[1]));
            List<SocketChannel> clients = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                clients.add(SocketChannel.open(proxy));
            }
            acceptor.join();
            System.out.println("ready");
            in.readLine(); // until stdin ends
            for (SocketChannel client : clients) {
                client.close();
            }
        }
    }

    private static void accept(ServerSocketChannel endpoint, int count, List<SocketChannel> held) {
        try {
            for (int i = 0; i < count; i++) {
                held.add(endpoint.accept());
            }
        } catch (IOException e) {
            throw new IllegalStateException("endpoint stopped accepting after " + held.size(), e);
        }
    }
}
