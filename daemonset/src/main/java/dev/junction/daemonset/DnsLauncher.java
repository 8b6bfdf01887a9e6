package dev.junction.daemonset;

/** Starts the DNS responder ({@code junction dns}) with a resolved configuration and blocks until it stops. */
@FunctionalInterface
interface DnsLauncher {

    /**
     * @return the process exit code: 0 after a clean shutdown
     * @throws Exception when the responder cannot start; {@code junction} then exits with 1
     */
    int run(DnsConfig config) throws Exception;
}
