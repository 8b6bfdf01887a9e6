package dev.junction.core.nfacct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.sandbox.InNamespace;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Kernel tier: accounting objects created through {@link NetlinkNfacct} in a test namespace, counted into by a real
 * datagram through an iptables-legacy rule there, and read back through the client.
 */
class NetlinkNfacctKernelTest {

    private static final String COUNTER = "junction_test_pkts";

    private final NetlinkNfacct nfacct = new NetlinkNfacct(Duration.ofSeconds(5));

    @Test
    void aRuleCountsARealDatagramIntoTheObjectTheClientCreated() {
        String reason = NetnsSandbox.unsupportedReason("iptables-legacy", "bash");
        assumeTrue(reason == null, reason);
        try (NetnsSandbox sandbox = NetnsSandbox.create()) {
            Netns node = sandbox.namespace("acct");
            Netns peer = sandbox.namespace("peer");
            sandbox.link(node, "198.18.0.1/24", peer, "198.18.0.5/24");

            InNamespace.call(node, () -> {
                nfacct.ensure(COUNTER);
                nfacct.ensure(COUNTER); // the second finds it (EBUSY) and keeps it
                return null;
            });
            node.exec("iptables-legacy", "-A", "OUTPUT", "-p", "udp", "-d", "198.18.0.5", "--dport", "9",
                    "-m", "nfacct", "--nfacct-name", COUNTER).orThrow();
            assertThat(InNamespace.call(node, () -> nfacct.packets(COUNTER))).isZero();

            node.exec("bash", "-c", "echo junction > /dev/udp/198.18.0.5/9").orThrow();

            assertThat(InNamespace.call(node, () -> nfacct.packets(COUNTER))).isEqualTo(1);
            InNamespace.call(node, () -> {
                nfacct.ensure(COUNTER);
                return null;
            });
            assertThat(InNamespace.call(node, () -> nfacct.packets(COUNTER)))
                    .as("ensuring an existing object keeps its count").isEqualTo(1);
            assertThatThrownBy(() -> InNamespace.call(peer, () -> nfacct.packets(COUNTER)))
                    .as("objects belong to the namespace that created them")
                    .isInstanceOf(NetlinkException.class).hasMessageContaining("ENOENT");
        }
    }
}
