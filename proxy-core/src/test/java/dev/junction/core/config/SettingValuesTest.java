package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The value types a flag or config field parses into: addresses, CIDR lists, NodePort addresses, modes. */
class SettingValuesTest {

    record Parsed(String name, Supplier<Object> parse, Object expected) {
    }

    static Stream<Parsed> validValues() {
        return Stream.of(
                new Parsed("an IPv4 listen address", () -> HostPort.parse("198.18.0.1:8080", 1),
                        new HostPort(IpAddress.parse("198.18.0.1"), 8080)),
                new Parsed("a bracketed IPv6 listen address", () -> HostPort.parse("[fd00:198:18::1]:10256", 1),
                        new HostPort(IpAddress.parse("fd00:198:18::1"), 10256)),
                new Parsed("an IPv4 address alone gets the default port", () -> HostPort.parse("198.18.0.1", 10249),
                        new HostPort(IpAddress.parse("198.18.0.1"), 10249)),
                new Parsed("an IPv6 address alone gets the default port", () -> HostPort.parse("::", 10256),
                        new HostPort(IpAddress.parse("::"), 10256)),
                new Parsed("a bracketed IPv6 address alone", () -> HostPort.parse("[::1]", 10249),
                        new HostPort(IpAddress.parse("::1"), 10249)),
                new Parsed("port 0 lets the kernel choose", () -> HostPort.parse("127.0.0.1:0", 1),
                        new HostPort(IpAddress.parse("127.0.0.1"), 0)),
                new Parsed("one cluster CIDR", () -> ClusterCidrs.parse("198.18.0.0/16"),
                        List.of(Cidr.parse("198.18.0.0/16"))),
                new Parsed("a dual-stack pair with spaces", () -> ClusterCidrs.parse("198.18.0.0/16, fd00:198:18::/64"),
                        List.of(Cidr.parse("198.18.0.0/16"), Cidr.parse("fd00:198:18::/64"))),
                new Parsed("no cluster CIDR", () -> ClusterCidrs.parse(""), List.of()),
                new Parsed("NodePort CIDRs", () -> NodePortAddresses.parse(List.of("198.18.0.0/24")),
                        new NodePortAddresses(false, List.of(Cidr.parse("198.18.0.0/24")))),
                new Parsed("the primary keyword", () -> NodePortAddresses.parse(List.of("primary")),
                        NodePortAddresses.primaryOnly()),
                new Parsed("the localhost keyword", () -> NodePortAddresses.parse(List.of("localhost")),
                        new NodePortAddresses(false, List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")))),
                new Parsed("primary plus a CIDR", () -> NodePortAddresses.parse(List.of("primary", "198.18.1.0/24")),
                        new NodePortAddresses(true, List.of(Cidr.parse("198.18.1.0/24")))),
                new Parsed("a proxy mode", () -> ProxyMode.parse("nftables"), ProxyMode.NFTABLES),
                new Parsed("a detect-local mode", () -> DetectLocalMode.parse("NodeCIDR"), DetectLocalMode.NODE_CIDR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validValues")
    void parsesValidValues(Parsed c) {
        assertThat(c.parse().get()).isEqualTo(c.expected());
    }

    record Rejected(String name, Supplier<Object> parse, String message) {
    }

    static Stream<Rejected> invalidValues() {
        return Stream.of(
                new Rejected("a host name instead of an IP", () -> HostPort.parse("localhost:80", 1),
                        "(expected: ip:port, [ipv6]:port or an IP)"),
                new Rejected("a port beyond 65535", () -> HostPort.parse("198.18.0.1:70000", 1),
                        "port 70000 (expected: 0-65535)"),
                new Rejected("a port that is not a number", () -> HostPort.parse("198.18.0.1:http", 1),
                        "port \"http\" (expected: 0-65535)"),
                new Rejected("an unclosed bracket", () -> HostPort.parse("[::1:80", 1),
                        "(expected: ip:port, [ipv6]:port or an IP)"),
                new Rejected("an IPv4 prefix too long", () -> ClusterCidrs.parse("198.18.0.0/33"),
                        "prefix length 33 (expected: 0-32 for IPv4)"),
                new Rejected("a prefix that is not a number", () -> ClusterCidrs.parse("198.18.0.0/x"),
                        "prefix length \"x\" (expected: a number)"),
                new Rejected("an address without a prefix", () -> ClusterCidrs.parse("198.18.0.1"),
                        "no /prefix-length (expected: address/prefix-length, or a comma-separated IPv4,IPv6 pair)"),
                new Rejected("a bad address", () -> ClusterCidrs.parse("198.18.0.300/16"),
                        "IP address \"198.18.0.300\" (expected: an IPv4 or IPv6 literal)"),
                new Rejected("two IPv4 cluster CIDRs", () -> ClusterCidrs.parse("198.18.0.0/16,198.19.0.0/16"),
                        "two IPv4 CIDRs (expected: at most one CIDR per IP family)"),
                new Rejected("an unknown NodePort keyword", () -> NodePortAddresses.parse(List.of("public")),
                        "no /prefix-length (expected: a CIDR or one of primary, localhost, all)"),
                new Rejected("an upper-case proxy mode", () -> ProxyMode.parse("IPTABLES"),
                        "(expected: one of iptables, nftables, ipvs, userspace)"),
                new Rejected("a lower-case detect-local mode", () -> DetectLocalMode.parse("clustercidr"),
                        "(expected: one of ClusterCIDR, NodeCIDR, BridgeInterface, InterfaceNamePrefix)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void rejectsInvalidValuesNamingWhatWasExpected(Rejected c) {
        assertThatIllegalArgumentException().isThrownBy(() -> c.parse().get()).withMessage(c.message());
    }
}
