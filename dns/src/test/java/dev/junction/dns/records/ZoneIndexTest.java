package dev.junction.dns.records;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.IpAddress;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes DNS specification 1.1.0, section by section, as CoreDNS's kubernetes plugin answers it. Each answer
 * is rendered as dig would show its sections: the rcode, then ANSWER, AUTHORITY and ADDITIONAL records.
 */
class ZoneIndexTest {

    private static final String ZONE = "cluster.local.";
    private static final String SOA = "cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. "
            + "1795305600 7200 1800 86400 5";
    private static final long SERIAL = 1_795_305_600L;
    /** fd00:198:18::10 reversed. */
    private static final String V6_REVERSE =
            "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.1.0.0.8.9.1.0.0.0.d.f.ip6.arpa.";

    record Case(String name, List<HasMetadata> objects, String qname, int qtype, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case row(String name, List<HasMetadata> objects, String qname, int qtype, String... expected) {
        return new Case(name, objects, qname, qtype, List.of(expected));
    }

    static Stream<Case> schema() {
        return Stream.of(
                row("2.2 dns-version is a TXT record with the schema version", List.of(),
                        "dns-version." + ZONE, RecordType.TXT,
                        "NOERROR aa", "AN dns-version.cluster.local. 28800 IN TXT \"1.1.0\""),
                row("the apex has an SOA", List.of(), ZONE, RecordType.SOA, "NOERROR aa", "AN " + SOA),
                row("the apex has an NS", List.of(), ZONE, RecordType.NS,
                        "NOERROR aa", "AN cluster.local. 5 IN NS ns.dns.cluster.local."),
                row("the apex has no A: NODATA with the SOA", List.of(), ZONE, RecordType.A,
                        "NOERROR aa", "NS " + SOA),
                row("svc.<zone> exists: NODATA", List.of(), "svc." + ZONE, RecordType.A, "NOERROR aa", "NS " + SOA),
                row("a name outside the structure is NXDOMAIN", List.of(), "nothing." + ZONE, RecordType.A,
                        "NXDOMAIN aa", "NS " + SOA));
    }

    static Stream<Case> clusterIp() {
        List<HasMetadata> web = List.of(
                service("ns1", "web").clusterIp("198.18.0.10", "fd00:198:18::10").port("http", 80)
                        .port("dns", 53, "UDP").build(),
                slice("ns1", "web-1", "web").port("http", 8080).endpoint("198.18.1.1").build());
        String base = "web.ns1.svc." + ZONE;
        return Stream.of(
                row("2.3.1 A of a ClusterIP Service is its ClusterIP", web, base, RecordType.A,
                        "NOERROR aa", "AN " + base + " 5 IN A 198.18.0.10"),
                row("2.3.1 AAAA of a dual-stack Service is its IPv6 ClusterIP", web, base, RecordType.AAAA,
                        "NOERROR aa", "AN " + base + " 5 IN AAAA fd00:198:18::10"),
                row("2.3.2 SRV of a named port points at the Service, addresses in ADDITIONAL", web,
                        "_http._tcp." + base, RecordType.SRV,
                        "NOERROR aa", "AN _http._tcp." + base + " 5 IN SRV 0 100 80 " + base,
                        "AR " + base + " 5 IN A 198.18.0.10", "AR " + base + " 5 IN AAAA fd00:198:18::10"),
                row("a bare Service SRV lists every port with weight 100/n", web, base, RecordType.SRV,
                        "NOERROR aa", "AN " + base + " 5 IN SRV 0 50 80 " + base,
                        "AN " + base + " 5 IN SRV 0 50 53 " + base,
                        "AR " + base + " 5 IN A 198.18.0.10", "AR " + base + " 5 IN AAAA fd00:198:18::10"),
                row("a port name is matched with its protocol", web, "_dns._udp." + base, RecordType.SRV,
                        "NOERROR aa", "AN _dns._udp." + base + " 5 IN SRV 0 100 53 " + base,
                        "AR " + base + " 5 IN A 198.18.0.10", "AR " + base + " 5 IN AAAA fd00:198:18::10"),
                row("a port name with the wrong protocol is NXDOMAIN", web, "_dns._tcp." + base, RecordType.SRV,
                        "NXDOMAIN aa", "NS " + SOA),
                row("2.3.3 PTR of an IPv4 ClusterIP", web, "10.0.18.198.in-addr.arpa.", RecordType.PTR,
                        "NOERROR aa", "AN 10.0.18.198.in-addr.arpa. 5 IN PTR " + base),
                row("2.3.3 PTR of an IPv6 ClusterIP", web, V6_REVERSE, RecordType.PTR,
                        "NOERROR aa", "AN " + V6_REVERSE + " 5 IN PTR " + base),
                row("an existing Service asked for TXT is NODATA", web, base, RecordType.TXT,
                        "NOERROR aa", "NS " + SOA),
                row("an endpoint of a ClusterIP Service has a dashed name", web, "198-18-1-1." + base, RecordType.A,
                        "NOERROR aa", "AN 198-18-1-1." + base + " 5 IN A 198.18.1.1"),
                row("a missing Service is NXDOMAIN", web, "api.ns1.svc." + ZONE, RecordType.A,
                        "NXDOMAIN aa", "NS " + SOA),
                row("an existing namespace is NODATA", web, "ns1.svc." + ZONE, RecordType.A,
                        "NOERROR aa", "NS " + SOA),
                row("a missing namespace is NXDOMAIN", web, "ns2.svc." + ZONE, RecordType.A,
                        "NXDOMAIN aa", "NS " + SOA),
                row("an existing namespace without Services is NODATA", List.of(StoreStates.namespace("Empty")),
                        "empty.svc." + ZONE, RecordType.A, "NOERROR aa", "NS " + SOA),
                row("a missing Service in a namespace without Services is NXDOMAIN",
                        List.of(StoreStates.namespace("empty")), "web.empty.svc." + ZONE, RecordType.A,
                        "NXDOMAIN aa", "NS " + SOA),
                row("three labels left of the Service are NXDOMAIN", web, "a._http._tcp." + base, RecordType.A,
                        "NXDOMAIN aa", "NS " + SOA),
                row("a Service left to another proxy is still answered", List.of(service("ns1", "other")
                                .clusterIp("198.18.0.11").label("service.kubernetes.io/service-proxy-name", "x")
                                .build()),
                        "other.ns1.svc." + ZONE, RecordType.A,
                        "NOERROR aa", "AN other.ns1.svc.cluster.local. 5 IN A 198.18.0.11"));
    }

    static Stream<Case> headless() {
        String base = "db.ns1.svc." + ZONE;
        List<HasMetadata> db = List.of(service("ns1", "db").headless().port("pg", 5432).build(),
                slice("ns1", "db-1", "db").port("pg", 5432).endpoint("198.18.1.1").hostname("db-0")
                        .endpoint("198.18.1.2").endpoint("198.18.1.3").ready(false).build(),
                slice("ns1", "db-2", "db").ipv6().port("pg", 5432).endpoint("fd00:198:18::1:0").build());
        List<HasMetadata> published = List.of(
                service("ns1", "db").headless().port("pg", 5432).publishNotReadyAddresses().build(),
                slice("ns1", "db-1", "db").port("pg", 5432).endpoint("198.18.1.3").ready(false).build());
        return Stream.of(
                row("2.4.1 A of a headless Service lists its ready endpoints", db, base, RecordType.A,
                        "NOERROR aa", "AN " + base + " 5 IN A 198.18.1.1", "AN " + base + " 5 IN A 198.18.1.2"),
                row("2.4.1 AAAA of a headless Service lists its IPv6 endpoints", db, base, RecordType.AAAA,
                        "NOERROR aa", "AN " + base + " 5 IN AAAA fd00:198:18::1:0"),
                row("2.4.1 an endpoint with hostname has a name", db, "db-0." + base, RecordType.A,
                        "NOERROR aa", "AN db-0." + base + " 5 IN A 198.18.1.1"),
                row("an IPv6 endpoint's dashed name ends in 0, not a dash", db, "fd00-198-18--1-0." + base,
                        RecordType.AAAA, "NOERROR aa", "AN fd00-198-18--1-0." + base + " 5 IN AAAA fd00:198:18::1:0"),
                row("a not-ready endpoint has no name", db, "198-18-1-3." + base, RecordType.A,
                        "NXDOMAIN aa", "NS " + SOA),
                row("2.4.2 SRV of a headless Service: one per ready endpoint, weights 100/3", db,
                        "_pg._tcp." + base, RecordType.SRV, "NOERROR aa",
                        "AN _pg._tcp." + base + " 5 IN SRV 0 33 5432 db-0." + base,
                        "AN _pg._tcp." + base + " 5 IN SRV 0 33 5432 198-18-1-2." + base,
                        "AN _pg._tcp." + base + " 5 IN SRV 0 33 5432 fd00-198-18--1-0." + base,
                        "AR db-0." + base + " 5 IN A 198.18.1.1", "AR 198-18-1-2." + base + " 5 IN A 198.18.1.2",
                        "AR fd00-198-18--1-0." + base + " 5 IN AAAA fd00:198:18::1:0"),
                row("2.4.3 PTR of an endpoint with hostname", db, "1.1.18.198.in-addr.arpa.", RecordType.PTR,
                        "NOERROR aa", "AN 1.1.18.198.in-addr.arpa. 5 IN PTR db-0." + base),
                row("an endpoint without hostname has no PTR: not ours, forwarded", db, "2.1.18.198.in-addr.arpa.",
                        RecordType.PTR, "FORWARD"),
                row("publishNotReadyAddresses serves not-ready endpoints", published, base, RecordType.A,
                        "NOERROR aa", "AN " + base + " 5 IN A 198.18.1.3"),
                row("a headless Service without endpoints is NODATA", List.of(db.get(0)), base, RecordType.A,
                        "NOERROR aa", "NS " + SOA),
                row("an address in two slices is answered once", List.of(db.get(0),
                                slice("ns1", "db-a", "db").endpoint("198.18.1.7").build(),
                                slice("ns1", "db-b", "db").endpoint("198.18.1.7").build()),
                        base, RecordType.A, "NOERROR aa", "AN " + base + " 5 IN A 198.18.1.7"));
    }

    static Stream<Case> externalName() {
        List<HasMetadata> ext = List.of(service("ns1", "mail").externalName("Mail.Example.ORG").build());
        String base = "mail.ns1.svc." + ZONE;
        return Stream.of(
                row("2.5 an ExternalName Service is a CNAME, for A", ext, base, RecordType.A,
                        "NOERROR aa", "AN " + base + " 5 IN CNAME mail.example.org."),
                row("2.5 an ExternalName Service is a CNAME, for CNAME", ext, base, RecordType.CNAME,
                        "NOERROR aa", "AN " + base + " 5 IN CNAME mail.example.org."));
    }

    static Stream<Case> invalidNames() {
        return Stream.of(
                row("an external name with an empty label is not served as a CNAME",
                        List.of(service("ns1", "bad").externalName("a..example.org").build()),
                        "bad.ns1.svc." + ZONE, RecordType.A, "NOERROR aa", "NS " + SOA),
                row("a Service name that is no DNS label is skipped, the others are served",
                        List.of(service("ns1", "bad name").clusterIp("198.18.0.12").build(),
                                service("ns1", "web").clusterIp("198.18.0.10").build()),
                        "web.ns1.svc." + ZONE, RecordType.A,
                        "NOERROR aa", "AN web.ns1.svc.cluster.local. 5 IN A 198.18.0.10"),
                row("a hostname that is no DNS label falls back to the dashed IP",
                        List.of(service("ns1", "db").headless().build(),
                                slice("ns1", "db-1", "db").endpoint("198.18.1.1").hostname("db_0.x").build()),
                        "198-18-1-1.db.ns1.svc." + ZONE, RecordType.A,
                        "NOERROR aa", "AN 198-18-1-1.db.ns1.svc.cluster.local. 5 IN A 198.18.1.1"));
    }

    static Stream<Case> outside() {
        return Stream.of(
                row("a name outside the zone is forwarded", List.of(), "example.org.", RecordType.A, "FORWARD"),
                row("a name that only ends like the zone is forwarded", List.of(), "xcluster.local.", RecordType.A,
                        "FORWARD"),
                row("a reverse name of no cluster address is forwarded", List.of(), "1.0.0.10.in-addr.arpa.",
                        RecordType.PTR, "FORWARD"));
    }

    @ParameterizedTest
    @MethodSource({"schema", "clusterIp", "headless", "externalName", "invalidNames", "outside"})
    void answersPerTheSpecification(Case c) {
        ZoneIndex index = new ZoneIndexBuilder(ZoneSettings.defaults()).build(StoreStates.state(c.objects()), true,
                SERIAL);

        assertThat(render(index.lookup(c.qname(), c.qtype()))).isEqualTo(c.expected());
    }

    record PodCase(String name, PodRecords mode, String qname, int qtype, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PodCase> pods() {
        return Stream.of(
                new PodCase("pods disabled: NXDOMAIN", PodRecords.DISABLED, "198-18-1-5.ns1.pod." + ZONE,
                        RecordType.A, List.of("NXDOMAIN aa", "NS " + SOA)),
                new PodCase("pods insecure: the dashed IP in an existing namespace", PodRecords.INSECURE,
                        "198-18-1-5.ns1.pod." + ZONE, RecordType.A,
                        List.of("NOERROR aa", "AN 198-18-1-5.ns1.pod.cluster.local. 5 IN A 198.18.1.5")),
                new PodCase("pods insecure: IPv6 dashes", PodRecords.INSECURE,
                        "fd00-198-18--5.ns1.pod." + ZONE, RecordType.AAAA,
                        List.of("NOERROR aa", "AN fd00-198-18--5.ns1.pod.cluster.local. 5 IN AAAA fd00:198:18::5")),
                new PodCase("pods insecure: a namespace without Services exists too", PodRecords.INSECURE,
                        "198-18-1-6.empty.pod." + ZONE, RecordType.A,
                        List.of("NOERROR aa", "AN 198-18-1-6.empty.pod.cluster.local. 5 IN A 198.18.1.6")),
                new PodCase("pods insecure: an existing namespace is NODATA", PodRecords.INSECURE,
                        "empty.pod." + ZONE, RecordType.A, List.of("NOERROR aa", "NS " + SOA)),
                new PodCase("pods insecure: a missing namespace is NXDOMAIN", PodRecords.INSECURE,
                        "198-18-1-5.ns9.pod." + ZONE, RecordType.A, List.of("NXDOMAIN aa", "NS " + SOA)),
                new PodCase("pods insecure: a label that is no IP is NXDOMAIN", PodRecords.INSECURE,
                        "web.ns1.pod." + ZONE, RecordType.A, List.of("NXDOMAIN aa", "NS " + SOA)),
                new PodCase("pod.<zone> exists: NODATA", PodRecords.DISABLED, "pod." + ZONE, RecordType.A,
                        List.of("NOERROR aa", "NS " + SOA)));
    }

    @ParameterizedTest
    @MethodSource("pods")
    void answersPodRecordsByMode(PodCase c) {
        ZoneSettings settings = new ZoneSettings("cluster.local", 5, c.mode());
        ZoneIndex index = new ZoneIndexBuilder(settings).build(StoreStates.state(List.of(
                service("ns1", "web").clusterIp("198.18.0.10").build(), StoreStates.namespace("empty"))), true, SERIAL);

        assertThat(render(index.lookup(c.qname(), c.qtype()))).isEqualTo(c.expected());
    }

    record NameserverCase(String name, List<HasMetadata> objects, List<String> serverAddresses,
            List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<NameserverCase> nameservers() {
        HasMetadata kubeDns =
                service("kube-system", "kube-dns").clusterIp("198.18.0.53").port("dns", 53, "UDP").build();
        String ns = "AN cluster.local. 5 IN NS ns.dns.cluster.local.";
        return Stream.of(
                new NameserverCase("the ClusterIP of the Service with a ready endpoint on this server",
                        List.of(kubeDns, slice("kube-system", "kube-dns-1", "kube-dns").port("dns", 53, "UDP")
                                .endpoint("198.18.9.9").build()),
                        List.of("198.18.9.9"),
                        List.of("NOERROR aa", ns, "AR ns.dns.cluster.local. 5 IN A 198.18.0.53")),
                new NameserverCase("this server's addresses when no Service has an endpoint on it",
                        List.of(kubeDns, slice("kube-system", "kube-dns-1", "kube-dns").port("dns", 53, "UDP")
                                .endpoint("198.18.7.7").build()),
                        List.of("198.18.9.9", "fd00:198:18::9"), List.of("NOERROR aa", ns,
                                "AR ns.dns.cluster.local. 5 IN A 198.18.9.9",
                                "AR ns.dns.cluster.local. 5 IN AAAA fd00:198:18::9")),
                new NameserverCase("an endpoint that is not ready does not count",
                        List.of(kubeDns, slice("kube-system", "kube-dns-1", "kube-dns").port("dns", 53, "UDP")
                                .endpoint("198.18.9.9").ready(false).build()),
                        List.of("198.18.9.9"), List.of("NOERROR aa", ns, "AR ns.dns.cluster.local. 5 IN A 198.18.9.9")),
                new NameserverCase("no glue without addresses", List.of(), List.of(), List.of("NOERROR aa", ns)));
    }

    /** CoreDNS's glue for the apex NS: the nameserver's addresses, also answered for {@code ns.dns.<zone>}. */
    @ParameterizedTest
    @MethodSource("nameservers")
    void theApexNsCarriesTheNameserversAddressesAsGlue(NameserverCase c) {
        ZoneIndex index = new ZoneIndexBuilder(ZoneSettings.defaults(),
                c.serverAddresses().stream().map(IpAddress::parse).toList())
                .build(StoreStates.state(c.objects()), true, SERIAL);

        assertThat(render(index.lookup(ZONE, RecordType.NS))).isEqualTo(c.expected());
        List<String> glue = c.expected().stream().filter(line -> line.startsWith("AR ")).toList();
        if (glue.isEmpty()) {
            assertThat(render(index.lookup("ns.dns." + ZONE, RecordType.A)))
                    .containsExactly("NXDOMAIN aa", "NS " + SOA);
        } else {
            List<String> addresses = new ArrayList<>(List.of("NOERROR aa"));
            glue.forEach(line -> addresses.add("AN " + line.substring("AR ".length())));
            assertThat(render(index.lookup("ns.dns." + ZONE, RecordType.ANY))).isEqualTo(addresses);
            assertThat(render(index.lookup("dns." + ZONE, RecordType.A))).containsExactly("NOERROR aa", "NS " + SOA);
        }
    }

    @Test
    void beforeTheStoreSyncedAMissIsServfail() {
        ZoneIndex index = ZoneIndex.unsynced(ZoneSettings.defaults());

        assertThat(render(index.lookup("web.ns1.svc." + ZONE, RecordType.A))).containsExactly("SERVFAIL");
        assertThat(render(index.lookup("dns-version." + ZONE, RecordType.TXT))).contains("NOERROR aa");
    }

    @Test
    void aCustomDomainAndTtlAreUsed() {
        ZoneIndex index = new ZoneIndexBuilder(new ZoneSettings("Corp.Example", 30, PodRecords.DISABLED)).build(
                StoreStates.state(List.of(service("ns1", "web").clusterIp("198.18.0.10").build())), true, SERIAL);

        assertThat(render(index.lookup("web.ns1.svc.corp.example.", RecordType.A)))
                .containsExactly("NOERROR aa", "AN web.ns1.svc.corp.example. 30 IN A 198.18.0.10");
        assertThat(render(index.lookup("web.ns1.svc.cluster.local.", RecordType.A))).containsExactly("FORWARD");
    }

    static List<String> render(Optional<Answer> lookup) {
        if (lookup.isEmpty()) {
            return List.of("FORWARD");
        }
        Answer answer = lookup.get();
        List<String> lines = new ArrayList<>();
        lines.add(answer.rcode() + (answer.authoritative() ? " aa" : ""));
        answer.answers().forEach(r -> lines.add("AN " + r));
        answer.authority().forEach(r -> lines.add("NS " + r));
        answer.additional().forEach(r -> lines.add("AR " + r));
        return lines;
    }
}
