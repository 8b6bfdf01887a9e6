package dev.junction.nftables.compile;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.ServiceSelection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A partial sync writes exactly the difference for the changed Services, and a full one cleans up after the past. */
class NftSyncPlanTest {

    private static final ObjectRef SVC1 = new ObjectRef("ns1", "svc1");
    private static final ObjectRef SVC2 = new ObjectRef("ns2", "svc2");
    private static final CompilerOptions OPTIONS = NftCompilerGoldenTest.DEFAULTS;
    private final NftCompiler compiler = new NftCompiler();

    @Test
    void movingOneEndpointRewritesOnlyThatServicesPolicyChainAndTheHairpinElements() {
        ClusterSnapshot before = twoServices("198.18.128.1", false);
        ClusterSnapshot after = twoServices("198.18.128.9", false);

        String tx = partial(before, after, SVC1);

        assertThat(tx.lines()).containsExactly(
                "delete element ip kube-proxy hairpin-endpoints { 198.18.128.1 . 198.18.128.1 }",
                "add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80",
                "flush chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80",
                "add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 198.18.0.41 tcp dport 80"
                        + " ip saddr != 198.18.128.0/17 jump mark-for-masquerade",
                "add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 meta l4proto tcp numgen random mod 2 == 0"
                        + " dnat to 198.18.128.2:80",
                "add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 meta l4proto tcp dnat to 198.18.128.9:80",
                "add element ip kube-proxy hairpin-endpoints { 198.18.128.9 . 198.18.128.9 }");
    }

    @Test
    void scalingToZeroSwapsTheDispatchElementForAReject() {
        ClusterSnapshot before = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                .endpoint("198.18.128.1", 80).build());
        ClusterSnapshot after = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80).build());

        NftSyncPlan plan = plan(before, after, SVC1);

        assertThat(plan.transaction().text().lines()).containsExactly(
                "delete element ip kube-proxy service-ips { 198.18.0.41 . tcp . 80 }",
                "delete element ip kube-proxy hairpin-endpoints { 198.18.128.1 . 198.18.128.1 }",
                "add element ip kube-proxy no-endpoint-services { 198.18.0.41 . tcp . 80 comment \"ns1/svc1:p80\""
                        + " : goto reject-chain }",
                "flush chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(plan.staleChains()).containsExactly("service-ULMVA6XW-ns1/svc1/tcp/p80");
    }

    @Test
    void droppingAffinityDeletesItsSetsAfterFlushingTheChainsThatUsedThem() {
        ClusterSnapshot before = twoServices("198.18.128.1", true);
        ClusterSnapshot after = twoServices("198.18.128.1", false);

        NftSyncPlan plan = plan(before, after, SVC1);
        List<String> lines = plan.transaction().text().lines().toList();

        assertThat(plan.staleChains()).containsExactlyInAnyOrder(
                "endpoint-IBBLBTIE-ns1/svc1/tcp/p80__198.18.128.1/80",
                "endpoint-2IDEOHZ2-ns1/svc1/tcp/p80__198.18.128.2/80");
        int lastFlush = lines.lastIndexOf("flush chain ip kube-proxy endpoint-2IDEOHZ2-ns1/svc1/tcp/p80__198.18.128.2/80");
        int firstSetDelete = lines.indexOf(
                "delete set ip kube-proxy affinity-IBBLBTIE-ns1/svc1/tcp/p80__198.18.128.1/80");
        assertThat(lastFlush).isPositive().isLessThan(firstSetDelete);
    }

    @Test
    void aPodBehindTwoServicesKeepsItsHairpinElementUntilTheLastOneLetsGo() {
        ClusterSnapshot shared = snapshot(
                servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80).endpoint("198.18.128.3", 80)
                        .build(),
                servicePort("ns2", "svc2", "p80").clusterIp("198.18.0.42").port(80).endpoint("198.18.128.3", 80)
                        .build());
        ClusterSnapshot svc1Gone = snapshot(servicePort("ns2", "svc2", "p80").clusterIp("198.18.0.42").port(80)
                .endpoint("198.18.128.3", 80).build());

        NftSyncPlan plan = plan(shared, svc1Gone, SVC1);

        assertThat(plan.transaction().text()).doesNotContain("hairpin-endpoints");
        assertThat(plan.sharedCounts()).containsExactly(
                Map.entry(new NftElement.Identity(NftMap.HAIRPIN_ENDPOINTS, "198.18.128.3 . 198.18.128.3"), -1));
    }

    @Test
    void anUnchangedServiceProducesAnEmptyTransaction() {
        ClusterSnapshot same = twoServices("198.18.128.1", false);

        assertThat(plan(same, same, SVC2).transaction().isEmpty()).isTrue();
    }

    @Test
    void aFullSyncMarksLeftoverChainsStaleAndDeletesLeftoverAffinitySets() {
        NftRuleset ruleset = compiler.compile(twoServices("198.18.128.1", false), IpFamily.IPV4, OPTIONS);

        NftSyncPlan plan = NftSyncPlan.full(ruleset,
                List.of("services", "service-ULMVA6XW-ns1/svc1/tcp/p80", "service-GONE0000-ns9/gone/tcp/p80"),
                List.of("cluster-ips", "affinity-GONE0000-ns9/gone/tcp/p80__198.18.128.7/80"));

        assertThat(plan.staleChains()).containsExactly("service-GONE0000-ns9/gone/tcp/p80");
        assertThat(plan.transaction().text()).startsWith("add table ip kube-proxy { comment \"rules for kube-proxy\" ; }\n"
                + "flush table ip kube-proxy\n")
                .contains("delete set ip kube-proxy affinity-GONE0000-ns9/gone/tcp/p80__198.18.128.7/80\n")
                .doesNotContain("delete set ip kube-proxy cluster-ips");
    }

    private String partial(ClusterSnapshot before, ClusterSnapshot after, ObjectRef changed) {
        return plan(before, after, changed).transaction().text();
    }

    private NftSyncPlan plan(ClusterSnapshot before, ClusterSnapshot after, ObjectRef changed) {
        NftRuleset applied = compiler.compile(before, IpFamily.IPV4, OPTIONS);
        NftRuleset next = compiler.compile(after, IpFamily.IPV4, OPTIONS, ServiceSelection.only(Set.of(changed)));
        Map<ObjectRef, ServiceObjects> inKernel = applied.services();
        Map<NftElement.Identity, Integer> counts = NftSyncPlan.full(applied, List.of(), List.of()).sharedCounts();
        return NftSyncPlan.partial(next, Set.of(changed), inKernel, applied.topElements(), counts);
    }

    private static ClusterSnapshot twoServices(String firstEndpoint, boolean affinity) {
        var svc1 = servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                .endpoint(firstEndpoint, 80).endpoint("198.18.128.2", 80);
        if (affinity) {
            svc1.clientIpAffinity(10800);
        }
        return snapshot(svc1.build(), servicePort("ns2", "svc2", "p80").clusterIp("198.18.0.42").port(80)
                .endpoint("198.18.128.3", 80).build());
    }
}
