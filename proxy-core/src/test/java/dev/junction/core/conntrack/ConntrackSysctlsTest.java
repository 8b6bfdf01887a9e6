package dev.junction.core.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.ConntrackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConntrackSysctlsTest {

    private static final ConntrackSettings KUBE_PROXY_DEFAULTS = new ConntrackSettings(32_768, 131_072,
            Duration.ofHours(24), Duration.ofHours(1), false, Duration.ZERO, Duration.ZERO);

    @TempDir
    Path root;
    private Path procSys;
    private Path hashSize;

    @BeforeEach
    void kernelWithItsOwnDefaults() throws IOException {
        procSys = root.resolve("proc/sys");
        Files.createDirectories(procSys.resolve("net/netfilter"));
        sysctl("nf_conntrack_max", "65536");
        sysctl("nf_conntrack_tcp_timeout_established", "432000");
        sysctl("nf_conntrack_tcp_timeout_close_wait", "60");
        sysctl("nf_conntrack_tcp_be_liberal", "0");
        sysctl("nf_conntrack_udp_timeout", "30");
        sysctl("nf_conntrack_udp_timeout_stream", "120");
        hashSize = root.resolve("hashsize");
        Files.writeString(hashSize, "16384\n");
    }

    @Test
    void setsKubeProxysDefaultsAndLeavesZeroSettingsAlone() throws IOException {
        var changed = new ConntrackSysctls(procSys, hashSize).apply(KUBE_PROXY_DEFAULTS, 2);

        assertThat(changed).containsExactly("net.netfilter.nf_conntrack_max=131072", "nf_conntrack hashsize=32768",
                "net.netfilter.nf_conntrack_tcp_timeout_established=86400",
                "net.netfilter.nf_conntrack_tcp_timeout_close_wait=3600");
        assertThat(read("nf_conntrack_udp_timeout")).isEqualTo("30");
        assertThat(read("nf_conntrack_tcp_be_liberal")).isEqualTo("0");
    }

    @Test
    void scalesTheTableWithTheCpuCountAndNeverShrinksTheHashTable() throws IOException {
        Files.writeString(hashSize, "1048576");

        var changed = new ConntrackSysctls(procSys, hashSize).apply(KUBE_PROXY_DEFAULTS, 16);

        assertThat(changed).contains("net.netfilter.nf_conntrack_max=524288")
                .noneMatch(c -> c.startsWith("nf_conntrack hashsize"));
    }

    @Test
    void writesNothingWhenTheKernelAlreadyMatches() {
        ConntrackSysctls sysctls = new ConntrackSysctls(procSys, hashSize);
        sysctls.apply(KUBE_PROXY_DEFAULTS, 2);

        assertThat(sysctls.apply(KUBE_PROXY_DEFAULTS, 2)).isEmpty();
    }

    @Test
    void aSysctlThatCannotBeWrittenIsSkippedAndTheOthersStillApply() throws IOException {
        Files.delete(hashSize);
        ConntrackSettings liberal = new ConntrackSettings(0, 0, Duration.ZERO, Duration.ZERO, true,
                Duration.ofSeconds(10), Duration.ofSeconds(60));

        var changed = new ConntrackSysctls(procSys, hashSize).apply(liberal, 2);

        assertThat(changed).containsExactly("net.netfilter.nf_conntrack_tcp_be_liberal=1",
                "net.netfilter.nf_conntrack_udp_timeout=10", "net.netfilter.nf_conntrack_udp_timeout_stream=60");
        assertThat(read("nf_conntrack_max")).isEqualTo("65536");
    }

    private void sysctl(String name, String value) throws IOException {
        Files.writeString(procSys.resolve("net/netfilter").resolve(name), value + "\n");
    }

    private String read(String name) throws IOException {
        return Files.readString(procSys.resolve("net/netfilter").resolve(name)).strip();
    }
}
