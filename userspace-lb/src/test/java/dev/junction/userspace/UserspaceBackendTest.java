package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import dev.junction.iptables.apply.Iptables;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.TableSettings;
import dev.junction.userspace.serve.ClusterTraffic;
import dev.junction.userspace.serve.ListenerReconciler;
import dev.junction.userspace.serve.ListenerTransport;
import dev.junction.userspace.serve.OriginalDestination;
import dev.junction.userspace.serve.ServeSettings;
import dev.junction.userspace.serve.ServingAddresses;
import dev.junction.userspace.tcp.TcpProxySettings;
import dev.junction.userspace.udp.UdpProxySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backend against an in-memory iptables gateway: what it restores and ensures, and in which order. */
class UserspaceBackendTest {

    private static final Pattern REDIRECT = Pattern.compile("-j REDIRECT --to-ports (\\d+)");

    private final RecordingIptables iptables = new RecordingIptables();
    private final UserspaceBackend backend;

    UserspaceBackendTest() {
        ListenerTransport transport = ListenerTransport.create(Transport.select(UserspaceTransport.AUTO), 1);
        ListenerReconciler listeners = new ListenerReconciler(transport,
                new ServeSettings(TableSettings.DEFAULT, HealthPolicy.DEFAULT,
                TcpProxySettings.DEFAULT, UdpProxySettings.DEFAULT, Duration.ZERO), new SimpleMeterRegistry(), OriginalDestination.load(),
                System::nanoTime);
        backend = new UserspaceBackend(iptables, Set.of(IpFamily.IPV4), listeners, transport,
                snapshot -> new ServingAddresses(List.of(IpAddress.parse("127.0.0.1")), ClusterTraffic.NONE),
                Optional.empty());
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void aFullSyncEnsuresTheJumpsThenRedirectsToAPortThatIsListening() throws Exception {
        SyncOutcome outcome = backend.sync(new SyncRequest(snapshot(1), Optional.empty(), SyncScope.FULL));

        assertThat(outcome).isEqualTo(new SyncOutcome(SyncScope.FULL, 1));
        assertThat(iptables.calls).hasSize(5 * 2 + 1);
        assertThat(iptables.calls.get(0)).isEqualTo("ensureChain nat KUBE-USERSPACE-SERVICES");
        assertThat(iptables.calls.get(1)).startsWith("ensureRuleFirst nat PREROUTING ");
        Matcher redirect = REDIRECT.matcher(iptables.calls.getLast());
        assertThat(redirect.find()).as("a REDIRECT in %s", iptables.calls.getLast()).isTrue();
        try (ServerSocket taken = new ServerSocket()) {
            assertThat(bindFails(taken, Integer.parseInt(redirect.group(1)))).as("the proxy port is bound").isTrue();
        }
    }

    @Test
    void aPartialSyncOnlyRestoresAndAServiceWithoutEndpointsIsRejected() throws Exception {
        ClusterSnapshot first = snapshot(1);
        backend.sync(new SyncRequest(first, Optional.empty(), SyncScope.FULL));
        iptables.calls.clear();

        backend.sync(new SyncRequest(snapshot(0), Optional.of(first), SyncScope.PARTIAL));

        assertThat(iptables.calls).singleElement().asString().startsWith("restore IPv4 ")
                .contains("-d 198.18.0.10 --dport 80 -j REJECT").doesNotContain("REDIRECT");
    }

    private static boolean bindFails(ServerSocket socket, int port) {
        try {
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return false;
        } catch (IOException expected) {
            return true;
        }
    }

    private static ClusterSnapshot snapshot(int endpointCount) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < endpointCount; i++) {
            endpoints.add(new Endpoint(IpAddress.parse("127.0.0.1"), 9, true, true, true, false, Set.of(), Set.of()));
        }
        ServicePort web = new ServicePort(new ServicePortName(new ObjectRef("ns1", "web"), "http", Protocol.TCP),
                IpFamily.IPV4, IpAddress.parse("198.18.0.10"), 80, 0, ServicePort.Frontends.NONE,
                ServicePolicies.DEFAULT,
                new EndpointSet(endpoints, endpoints, List.of(), endpoints, !endpoints.isEmpty()));
        return new ClusterSnapshot("node-a", Optional.empty(), List.of(web), endpointCount + 1);
    }

    /** Records every call in order, as one line each. */
    private static final class RecordingIptables implements Iptables {
        final List<String> calls = new ArrayList<>();

        @Override
        public IptablesFlavor flavor() {
            return IptablesFlavor.LEGACY;
        }

        @Override
        public void restore(IpFamily family, String input) {
            calls.add("restore " + family + " " + input);
        }

        @Override
        public String save(IpFamily family, String table) {
            return "";
        }

        @Override
        public void ensureChain(IpFamily family, String table, String chain) {
            calls.add("ensureChain " + table + " " + chain);
        }

        @Override
        public void ensureRuleFirst(IpFamily family, String table, String chain, List<String> rule) {
            calls.add("ensureRuleFirst " + table + " " + chain + " " + String.join(" ", rule));
        }

        @Override
        public boolean chainExists(IpFamily family, String table, String chain) {
            return true;
        }
    }
}
