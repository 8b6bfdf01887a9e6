package dev.junction.core.conntrack;

import dev.junction.core.config.ConntrackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the conntrack sysctls at start-up, as kube-proxy's server does: {@code nf_conntrack_max} (and the hash size
 * behind it), the TCP established and close-wait timeouts, {@code tcp_be_liberal} and the UDP timeouts. A zero
 * setting leaves the kernel's value alone. A sysctl that cannot be written (a read-only /sys in a container, a value
 * only the root namespace may change) is logged and skipped: the proxy works with the kernel's defaults.
 */
public final class ConntrackSysctls {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackSysctls.class);

    private final Path procSys;
    private final Path hashSize;

    /** @param procSys {@code /proc/sys}; @param hashSize {@code /sys/module/nf_conntrack/parameters/hashsize} */
    public ConntrackSysctls(Path procSys, Path hashSize) {
        this.procSys = procSys;
        this.hashSize = hashSize;
    }

    public static ConntrackSysctls ofHost() {
        return new ConntrackSysctls(Path.of("/proc/sys"), Path.of("/sys/module/nf_conntrack/parameters/hashsize"));
    }

    /** Applies {@code settings} for a machine of {@code cpus} CPUs; returns the sysctls it changed, as name=value. */
    public List<String> apply(ConntrackSettings settings, int cpus) {
        List<String> changed = new ArrayList<>();
        int max = settings.conntrackMax(cpus);
        if (max > 0) {
            set("net/netfilter/nf_conntrack_max", max, changed);
            // As kube-proxy: a table of max entries wants at least max/4 hash buckets.
            raise(hashSize, max / 4, changed);
        }
        setSeconds("net/netfilter/nf_conntrack_tcp_timeout_established", settings.tcpEstablishedTimeout(), changed);
        setSeconds("net/netfilter/nf_conntrack_tcp_timeout_close_wait", settings.tcpCloseWaitTimeout(), changed);
        if (settings.tcpBeLiberal()) {
            set("net/netfilter/nf_conntrack_tcp_be_liberal", 1, changed);
        }
        setSeconds("net/netfilter/nf_conntrack_udp_timeout", settings.udpTimeout(), changed);
        setSeconds("net/netfilter/nf_conntrack_udp_timeout_stream", settings.udpStreamTimeout(), changed);
        if (!changed.isEmpty()) {
            LOG.info("conntrack sysctls set {}", changed);
        }
        return changed;
    }

    private void setSeconds(String name, Duration timeout, List<String> changed) {
        if (!timeout.isZero()) {
            set(name, timeout.toSeconds(), changed);
        }
    }

    private void set(String name, long value, List<String> changed) {
        Path file = procSys.resolve(name);
        write(file, value, current -> current != value, name.replace('/', '.'), changed);
    }

    private void raise(Path file, long atLeast, List<String> changed) {
        write(file, atLeast, current -> current < atLeast, "nf_conntrack hashsize", changed);
    }

    private static void write(Path file, long value, LongPredicate needed, String label,
            List<String> changed) {
        try {
            long current = Long.parseLong(Files.readString(file).strip());
            if (needed.test(current)) {
                Files.writeString(file, Long.toString(value));
                changed.add(label + "=" + value);
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("cannot set {}={} ({}): keeping the kernel's value", label, value, e.toString());
        }
    }
}
