package dev.junction.iptables.apply;

import static dev.junction.iptables.compile.SnapshotFixtures.NODE;
import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.iptables.compile.ChainNames;
import dev.junction.iptables.compile.JumpRules;
import dev.junction.iptables.compile.RuleWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The iptables backend against an in-memory iptables: what each sync restores, and when it widens to full. */
class IptablesBackendTest {

    static final IpFamily V4 = IpFamily.IPV4;
    static final ServicePort WEB = servicePort("ns1", "web", "http").clusterIp("198.18.0.10").port(80)
            .endpoint("198.18.128.1", 8080).build();
    static final ServicePort DB = servicePort("ns1", "db", "sql").clusterIp("198.18.0.20").port(5432)
            .endpoint("198.18.128.2", 5432).build();
    static final ServicePort DB_SCALED = servicePort("ns1", "db", "sql").clusterIp("198.18.0.20").port(5432)
            .endpoint("198.18.128.2", 5432).endpoint("198.18.128.3", 5432).build();
    static final ClusterSnapshot BEFORE = snapshot(1, Optional.empty(), WEB, DB);
    static final ClusterSnapshot DB_CHANGED = snapshot(2, Optional.empty(), WEB, DB_SCALED);

    final FakeIptables iptables = new FakeIptables();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IptablesBackend backend = new IptablesBackend(iptables, new IptablesSettings(Set.of(V4), List.of(), false,
            false, 14, true, NodePortAddresses.all(), Optional.empty()), registry, AfterSync.NOTHING, () -> { },
            NfacctCounters.NONE);

    @AfterEach
    void close() {
        backend.close();
    }

    static ClusterSnapshot snapshot(long generation, Optional<NodeInfo> node, ServicePort... ports) {
        return new ClusterSnapshot(NODE, node, List.of(ports), generation);
    }

    SyncOutcome full(ClusterSnapshot snapshot) throws SyncFailedException {
        return backend.sync(new SyncRequest(snapshot, Optional.empty(), SyncScope.FULL));
    }

    SyncOutcome partial(ClusterSnapshot before, ClusterSnapshot after) throws SyncFailedException {
        return backend.sync(new SyncRequest(after, Optional.of(before), SyncScope.PARTIAL));
    }

    static String svcChain(ServicePort port) {
        return ChainNames.ServiceChains.of(port.name()).clusterPolicy().name();
    }

    @Test
    void fullSyncEnsuresEveryJumpRuleOnceAndPlantsTheCanaries() throws SyncFailedException {
        assertThat(full(BEFORE)).isEqualTo(new SyncOutcome(SyncScope.FULL, 2));
        full(BEFORE);

        for (JumpRules.JumpRule jump : JumpRules.all()) {
            List<String> rules = iptables.rules(V4, jump.table().iptablesName(), jump.rule().chain().name());
            assertThat(rules).as(jump.rule().toString())
                    .containsOnlyOnce(String.join(" ", RuleWriter.ruleArguments(jump.rule())));
            assertThat(iptables.chainExists(V4, jump.table().iptablesName(), jump.target().name())).isTrue();
        }
        for (String table : CanaryMonitor.TABLES) {
            assertThat(iptables.chainExists(V4, table, CanaryMonitor.CANARY_CHAIN)).as(table).isTrue();
        }
        assertThat(iptables.restores()).hasSize(2);
        assertThat(iptables.chains(V4, "nat")).contains(svcChain(WEB), svcChain(DB), "KUBE-SERVICES");
    }

    @Test
    void partialSyncWritesOnlyTheChangedServiceAndTheTopLevelChains() throws SyncFailedException {
        full(BEFORE);

        SyncOutcome outcome = partial(BEFORE, DB_CHANGED);

        assertThat(outcome).isEqualTo(new SyncOutcome(SyncScope.PARTIAL, 1));
        String text = iptables.lastRestore(V4).input();
        assertThat(text).contains(":" + svcChain(DB) + " ", ":KUBE-SERVICES ", ":KUBE-POSTROUTING ",
                "--to-destination 198.18.128.3:5432");
        assertThat(text).doesNotContain(svcChain(WEB) + " - [0:0]", "198.18.128.1:8080", "-X ");
        assertThat(iptables.rules(V4, "nat", svcChain(DB))).hasSize(2); // one jump per endpoint
        assertThat(iptables.rules(V4, "nat", svcChain(WEB))).isNotEmpty();
    }

    @Test
    void partialSyncDeletesTheChainsOfARemovedService() throws SyncFailedException {
        full(BEFORE);
        String dbEndpointChain = ChainNames.endpointChain(DB.name(), DB.endpoints().all().getFirst()).name();

        partial(BEFORE, snapshot(2, Optional.empty(), WEB));

        assertThat(iptables.lastRestore(V4).input()).contains("-X " + svcChain(DB) + "\n",
                "-X " + dbEndpointChain + "\n");
        assertThat(iptables.chains(V4, "nat")).doesNotContain(svcChain(DB), dbEndpointChain).contains(svcChain(WEB));
    }

    @Test
    void fullSyncDeletesStaleChainsFoundInTheKernel() throws SyncFailedException {
        iptables.restore(V4, "*nat\n:KUBE-SVC-STALESTALESTALE1 - [0:0]\n:KUBE-SEP-STALESTALESTALE2 - [0:0]\n"
                + ":OTHER-CHAIN - [0:0]\nCOMMIT\n");

        full(BEFORE);

        assertThat(iptables.lastRestore(V4).input()).contains("-X KUBE-SVC-STALESTALESTALE1\n",
                "-X KUBE-SEP-STALESTALESTALE2\n").doesNotContain("OTHER-CHAIN");
        assertThat(iptables.chains(V4, "nat")).doesNotContain("KUBE-SVC-STALESTALESTALE1",
                "KUBE-SEP-STALESTALESTALE2").contains("OTHER-CHAIN", svcChain(WEB));
    }

    record Failure(String name, SyncScope failingScope, double expectedPartialFailures) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Failure> failures() {
        return Stream.of(
                new Failure("a failed full restore", SyncScope.FULL, 0),
                new Failure("a failed partial restore", SyncScope.PARTIAL, 1));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failedRestoreIsCountedThrownAndMakesTheNextSyncFull(Failure c) throws SyncFailedException {
        full(BEFORE);
        iptables.failNextRestore();
        String natBefore = iptables.save(V4, "nat");

        assertThatThrownBy(() -> {
            if (c.failingScope() == SyncScope.FULL) {
                full(DB_CHANGED);
            } else {
                partial(BEFORE, DB_CHANGED);
            }
        }).isInstanceOf(IptablesException.class).hasMessageContaining("iptables-restore");

        assertThat(iptables.save(V4, "nat")).isEqualTo(natBefore);
        assertThat(counter("kubeproxy.sync.proxy.rules.iptables.restore.failures")).isEqualTo(1);
        assertThat(counter("kubeproxy.sync.proxy.rules.iptables.partial.restore.failures"))
                .isEqualTo(c.expectedPartialFailures());
        assertThat(partial(BEFORE, DB_CHANGED).scope()).isEqualTo(SyncScope.FULL);
        assertThat(partial(DB_CHANGED, BEFORE).scope()).as("once a full sync succeeded").isEqualTo(SyncScope.PARTIAL);
    }

    record Widening(String name, Consumer<FakeIptables> meanwhile, ClusterSnapshot next, SyncScope expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Widening> widenings() {
        NodeInfo node = new NodeInfo(NODE, Map.of(), List.of(IpAddress.parse("198.18.100.1")), List.of(), true);
        return Stream.of(
                new Widening("nothing else changed: stays partial", fake -> { }, DB_CHANGED, SyncScope.PARTIAL),
                new Widening("the Node's addresses appeared: full", fake -> { },
                        snapshot(2, Optional.of(node), WEB, DB_SCALED), SyncScope.FULL));
    }

    @ParameterizedTest
    @MethodSource("widenings")
    void partialSyncIsWidenedWhenTheCompilerOptionsChanged(Widening c) throws SyncFailedException {
        full(BEFORE);
        c.meanwhile().accept(iptables);

        SyncOutcome outcome = partial(BEFORE, c.next());

        assertThat(outcome.scope()).isEqualTo(c.expected());
        assertThat(iptables.lastRestore(V4).input().contains(":" + svcChain(WEB) + " "))
                .as("the unchanged Service is rewritten").isEqualTo(c.expected() == SyncScope.FULL);
        assertThat(iptables.chainExists(V4, "nat", CanaryMonitor.CANARY_CHAIN)).isTrue();
    }

    @Test
    void rulesMetricsCountWhatWasWrittenAndWhatIsHeld() throws SyncFailedException {
        full(BEFORE);
        long natTotal = ruleLines(iptables.lastRestore(V4).input(), "nat");
        long filterTotal = ruleLines(iptables.lastRestore(V4).input(), "filter");
        assertThat(gauge("kubeproxy.sync.proxy.rules.iptables.total", "nat")).isEqualTo(natTotal);
        assertThat(gauge("kubeproxy.sync.proxy.rules.iptables.last", "nat")).isEqualTo(natTotal);
        assertThat(gauge("kubeproxy.sync.proxy.rules.iptables.total", "filter")).isEqualTo(filterTotal);

        partial(BEFORE, DB_CHANGED);

        long written = ruleLines(iptables.lastRestore(V4).input(), "nat");
        assertThat(gauge("kubeproxy.sync.proxy.rules.iptables.last", "nat")).isEqualTo(written);
        assertThat(gauge("kubeproxy.sync.proxy.rules.iptables.total", "nat"))
                .as("one more endpoint: a jump and a chain with two rules").isEqualTo(natTotal + 3)
                .isGreaterThan(written);
    }

    private double counter(String name) {
        var counter = registry.find(name).tag("ip_family", "IPv4").counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name, String table) {
        return registry.get(name).tag("ip_family", "IPv4").tag("table", table).gauge().value();
    }

    private static long ruleLines(String restore, String table) {
        String section = restore.substring(restore.indexOf("*" + table + "\n"));
        section = section.substring(0, section.indexOf("COMMIT\n"));
        return section.lines().filter(line -> line.startsWith("-A ")).count();
    }
}
