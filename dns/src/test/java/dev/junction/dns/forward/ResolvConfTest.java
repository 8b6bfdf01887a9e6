package dev.junction.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ResolvConfTest {

    @Test
    void readsNameserversInOrderAndSkipsTheRest() {
        String text = """
                # generated
                search ns1.svc.cluster.local svc.cluster.local
                nameserver 198.18.0.53
                nameserver   fd00:198:18::53
                nameserver fe80::1%eth0
                options ndots:5
                nameserver
                """;

        assertThat(ResolvConf.parse(text)).containsExactly(new InetSocketAddress("198.18.0.53", 53),
                new InetSocketAddress("fd00:198:18::53", 53));
    }
}
