package dev.junction.daemonset;

import dev.junction.core.config.HostPort;
import dev.junction.dns.server.DnsSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code junction dns} resolved: where objects come from, this node's name, the responder's settings, and where the
 * probes and metrics are served.
 *
 * @param source     manifests to serve instead of watching a cluster
 * @param kubeconfig the API server's kubeconfig; empty with no source means the in-cluster config
 */
record DnsConfig(
        Optional<Path> source,
        Optional<Path> kubeconfig,
        String nodeName,
        DnsSettings dns,
        HostPort metricsBindAddress,
        HostPort healthBindAddress) {
}
