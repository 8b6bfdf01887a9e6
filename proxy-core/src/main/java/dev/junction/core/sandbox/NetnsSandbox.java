package dev.junction.core.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network namespaces for kernel-tier tests. Every namespace gets a unique {@code jt<pid>-<n>-} prefix, is linked
 * only to other namespaces of the same sandbox (never to the root namespace), and is deleted, with every process
 * still running in it, on {@link #close()}, even after a failed test.
 *
 * <p>Use addresses from 198.18.0.0/15 (and fd00:198:18::/48 for IPv6) only.
 */
public final class NetnsSandbox implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String prefix;
    private final List<Netns> namespaces = new ArrayList<>();
    private int links;

    private NetnsSandbox(String prefix) {
        this.prefix = prefix;
    }

    /** Why kernel tests cannot run here, or null when they can. For {@code assumeTrue(reason == null, reason)}. */
    public static String unsupportedReason(String... programs) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "kernel tier needs root (network namespaces); running as " + System.getProperty("user.name");
        }
        for (String program : programs) {
            if (!Commands.isInstalled(program)) {
                return "kernel tier needs " + program + " (run scripts/setup)";
            }
        }
        if (!Commands.run(List.of("ip", "netns", "list")).succeeded()) {
            return "kernel tier needs `ip netns` (iproute2 with namespace support)";
        }
        return null;
    }

    public static NetnsSandbox create() {
        return new NetnsSandbox("jt" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-");
    }

    /** Creates a namespace named after its role, with loopback up. */
    public Netns namespace(String role) {
        Netns ns = new Netns(prefix + role);
        Commands.run(List.of("ip", "netns", "add", ns.name())).orThrow();
        namespaces.add(ns);
        ns.exec("ip", "link", "set", "lo", "up").orThrow();
        return ns;
    }

    /**
     * Connects two namespaces with a veth pair and assigns an address (with prefix length, such as
     * {@code 198.18.0.1/24}) to each end. Returns the interface names, {@code a}'s first.
     */
    public List<String> link(Netns a, String addressA, Netns b, String addressB) {
        int n = ++links;
        String ifA = "veth" + n + "a";
        String ifB = "veth" + n + "b";
        a.exec("ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b.name()).orThrow();
        configure(a, ifA, addressA);
        configure(b, ifB, addressB);
        return List.of(ifA, ifB);
    }

    private static void configure(Netns ns, String iface, String address) {
        if (address != null) {
            ns.exec("ip", "addr", "add", address, "dev", iface).orThrow();
        }
        ns.exec("ip", "link", "set", iface, "up").orThrow();
    }

    @Override
    public void close() {
        for (Netns ns : namespaces.reversed()) {
            // Kill what still runs inside, then delete: a live process would keep the namespace alive.
            String pids = Commands.run(List.of("ip", "netns", "pids", ns.name())).stdout().strip();
            for (String pid : pids.split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Commands.run(List.of("ip", "netns", "del", ns.name()));
        }
        namespaces.clear();
    }
}
