package dev.junction.bench;

import dev.junction.core.config.NettyDefaults;
import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import dev.junction.userspace.Transport;
import dev.junction.userspace.UserspaceMeters;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import dev.junction.userspace.tcp.ConnectionRouter;
import dev.junction.userspace.tcp.RelayTracker;
import dev.junction.userspace.tcp.TcpListener;
import dev.junction.userspace.tcp.TcpProxy;
import dev.junction.userspace.tcp.TcpProxySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Junction's userspace TCP proxy on its own, for {@code bench/run-proxy}: one listener in front of the given
 * endpoints, balanced round-robin, with the production initializer and settings. Loopback needs no kernel steering, so
 * clients connect to the listener directly. Runs until killed.
 */
@Command(name = "standalone-proxy", mixinStandardHelpOptions = true,
        description = "Junction's userspace TCP proxy in front of fixed endpoints, for benchmarks.")
public final class StandaloneProxy implements Callable<Integer> {

    @Option(names = "--listen", required = true, description = "ADDR:PORT to listen on.")
    private String listen;

    @Option(names = "--endpoint", required = true, description = "ADDR:PORT of an endpoint; repeat for more.")
    private List<String> endpoints;

    @Option(names = "--threads", defaultValue = "1", description = "Event loop threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--transport", defaultValue = "auto", converter = TransportConverter.class,
            description = "auto, io_uring, epoll or nio, as junction run's --userspace-transport"
                    + " (default: ${DEFAULT-VALUE}).")
    private UserspaceTransport transportChoice;

    public static void main(String[] args) {
        NettyDefaults.apply(); // as the agent runs
        System.exit(new CommandLine(new StandaloneProxy()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        Transport transport = Transport.select(transportChoice);
        EndpointTable table = EndpointTable.build(servicePort(), Origin.INTERNAL, TableSettings.DEFAULT,
                new EndpointStates(HealthPolicy.DEFAULT));
        EventLoopGroup group = transport.newEventLoopGroup(threads);
        try {
            TcpProxy proxy = new TcpProxy(() -> table, TcpProxySettings.DEFAULT,
                    UserspaceMeters.bindTo(new SimpleMeterRegistry(), "tcp"), System::nanoTime, RelayTracker.NONE);
            HostPort address = HostPort.parse(listen);
            TcpListener listener = TcpListener.bind(transport, group,
                    new InetSocketAddress(address.ip().inet(), address.port()), address.ip().family(),
                    ConnectionRouter.to(proxy));
            System.out.printf("listening on %s:%d transport=%s relay=%s threads=%d endpoints=%s%n", address.ip(),
                    listener.port(), transport, transport.relay(), threads, endpoints);
            // Serves until the process is stopped.
            group.terminationFuture().sync();
            return 0;
        } finally {
            group.shutdownGracefully();
        }
    }

    private ServicePort servicePort() {
        List<Endpoint> list = endpoints.stream().map(HostPort::parse)
                .map(e -> new Endpoint(e.ip(), e.port(), true, true, true, false, Set.of(), Set.of())).toList();
        return new ServicePort(new ServicePortName(new ObjectRef("bench", "http"), "http", Protocol.TCP),
                IpFamily.IPV4, IpAddress.parse("198.18.0.10"), 80, 0, ServicePort.Frontends.NONE,
                new ServicePolicies(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, SessionAffinity.NONE, 0),
                new EndpointSet(list, list, List.of(), list, true));
    }

    static final class TransportConverter implements CommandLine.ITypeConverter<UserspaceTransport> {
        @Override
        public UserspaceTransport convert(String text) {
            return UserspaceTransport.parse(text);
        }
    }

    private record HostPort(IpAddress ip, int port) {
        static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new CommandLine.TypeConversionException("address " + text + " (expected: ADDR:PORT)");
            }
            return new HostPort(IpAddress.parse(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
