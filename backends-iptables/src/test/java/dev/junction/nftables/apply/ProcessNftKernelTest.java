package dev.junction.nftables.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.KubeProxyScenarios;
import dev.junction.nftables.compile.NftCompiler;
import dev.junction.nftables.compile.NftRuleset;
import dev.junction.nftables.compile.NftSyncPlan;
import dev.junction.nftables.compile.NftTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@code nft}, in a throwaway network namespace: every compiled table must load, twice. */
class ProcessNftKernelTest {

    private static final CompilerOptions OPTIONS = CompilerOptions.builder()
            .clusterCidrs(List.of(Cidr.parse("198.18.128.0/17")))
            .nodePortAddresses(List.of(IpAddress.parse("198.19.200.1"))).build();

    private NetnsSandbox sandbox;
    private Netns node;
    private ProcessNft nft;

    @BeforeEach
    void createNamespace() {
        String reason = NetnsSandbox.unsupportedReason("nft");
        assumeTrue(reason == null, reason);
        sandbox = NetnsSandbox.create();
        node = sandbox.namespace("node");
        nft = ProcessNft.inNetworkNamespace(Duration.ofSeconds(30), node.name());
    }

    @AfterEach
    void deleteNamespace() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theOverallTableLoadsAndReloadsAndListsOnlyOurObjects() throws Exception {
        NftRuleset ruleset = new NftCompiler().compile(KubeProxyScenarios.overall(), IpFamily.IPV4,
                OPTIONS);
        String script = NftSyncPlan.full(ruleset, List.of(), List.of()).transaction().text();

        nft.run(script);
        nft.run(script); // a full sync over an existing table must succeed too

        assertThat(nft.chains(IpFamily.IPV4)).contains("nat-prerouting", "services",
                "service-ULMVA6XW-ns1/svc1/tcp/p80", "endpoint-3YZQRXV3-ns5/svc5/tcp/p80__198.18.128.3/80");
        assertThat(nft.sets(IpFamily.IPV4)).contains("cluster-ips", "hairpin-endpoints",
                "affinity-3YZQRXV3-ns5/svc5/tcp/p80__198.18.128.3/80").doesNotContain("service-ips");
        assertThat(nft.chains(IpFamily.IPV6)).as("no ip6 table was made").isEmpty();
    }

    @Test
    void theTableGoesWhenTheNodeRunsAnotherMode() throws Exception {
        NftRuleset ruleset = new NftCompiler().compile(KubeProxyScenarios.overall(), IpFamily.IPV4, OPTIONS);
        nft.run(NftSyncPlan.full(ruleset, List.of(), List.of()).transaction().text());

        assertThat(NftLeftovers.remove(nft, Set.of(IpFamily.IPV4, IpFamily.IPV6))).isTrue();

        assertThat(nft.chains(IpFamily.IPV4)).isEmpty();
        assertThat(NftLeftovers.remove(nft, Set.of(IpFamily.IPV4, IpFamily.IPV6)))
                .as("a second cleanup finds nothing").isFalse();
    }

    @Test
    void aPartialTransactionRemovingAServiceLeavesItsChainEmptyForLaterDeletion() throws Exception {
        NftCompiler compiler = new NftCompiler();
        NftRuleset before = compiler.compile(KubeProxyScenarios.overall(), IpFamily.IPV4,
                OPTIONS);
        NftSyncPlan full = NftSyncPlan.full(before, List.of(), List.of());
        nft.run(full.transaction().text());
        ObjectRef svc1 = new ObjectRef("ns1", "svc1");
        NftRuleset without = new NftRuleset(IpFamily.IPV4, before.topChains(), before.topElements(),
                before.usesNodePortIps(), Map.of());

        NftSyncPlan partial = NftSyncPlan.partial(without, Set.of(svc1), before.services(), before.topElements(),
                full.sharedCounts());
        nft.run(partial.transaction().text());
        NftTransaction delete = new NftTransaction(IpFamily.IPV4);
        partial.staleChains().forEach(delete::deleteChain);
        nft.run(delete.text());

        assertThat(partial.staleChains()).containsExactly("service-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(nft.chains(IpFamily.IPV4)).doesNotContain("service-ULMVA6XW-ns1/svc1/tcp/p80")
                .contains("service-42NFTM6N-ns2/svc2/tcp/p80");
    }

    @Test
    void aRefusedTransactionNamesTheLineAndChangesNothing() throws NftException {
        String script = """
                add table ip kube-proxy
                add chain ip kube-proxy services
                add rule ip kube-proxy services ip daddr 198.18.0.10 goto no-such-chain
                """;

        assertThatThrownBy(() -> nft.run(script)).isInstanceOf(NftException.class)
                .hasMessageContaining("nft -f - exited 1")
                .hasMessageContaining("> 3: add rule ip kube-proxy services ip daddr 198.18.0.10 goto no-such-chain");
        assertThat(nft.chains(IpFamily.IPV4)).isEmpty();
    }
}
