package dev.junction.dns.server;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.fixtures.SliceFixture;
import dev.junction.core.store.ObjectStore;
import dev.junction.dns.records.StoreStates;
import dev.junction.dns.records.ZoneSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole server on loopback, queried by dig over UDP and TCP, forwarding to a stub upstream. */
class ClusterDnsServerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private StubUpstream upstream;
    private ClusterDnsServer server;

    @BeforeEach
    void start() throws IOException {
        Dig.assumeInstalled();
        upstream = new StubUpstream();
        server = startServer(List.of(upstream.address()), Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private ClusterDnsServer startServer(List<InetSocketAddress> upstreams, Duration timeout) throws IOException {
        ObjectStore store = StoreStates.syncedStore(objects());
        DnsSettings settings = new DnsSettings(new InetSocketAddress("127.0.0.1", 0), ZoneSettings.defaults(),
                upstreams, timeout, 100, Duration.ofSeconds(10));
        ClusterDnsServer started = ClusterDnsServer.start(store, settings, registry);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(started::isReady);
        return started;
    }

    private static List<HasMetadata> objects() {
        SliceFixture many = slice("ns1", "many-1", "many").port("http", 80);
        for (int i = 1; i <= 40; i++) {
            many.endpoint("198.18.2." + i);
        }
        return List.of(
                StoreStates.namespace("empty"),
                service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).build(),
                service("ns1", "many").headless().port("http", 80).build(),
                many.build());
    }

    @Test
    void answersAClusterNameOverUdpIgnoringCaseAndEchoingTheQuestion() throws Exception {
        Dig.Result result = Dig.query(server.address(), "WEB.Ns1.svc.cluster.local", "A");

        assertThat(result.status()).isEqualTo("NOERROR");
        assertThat(result.flags()).contains("qr", "aa");
        assertThat(result.question()).isEqualTo("WEB.Ns1.svc.cluster.local. IN A");
        assertThat(result.section("ANSWER")).containsExactly("web.ns1.svc.cluster.local. 5 IN A 198.18.0.10");
    }

    @Test
    void answersOverTcp() throws Exception {
        Dig.Result result = Dig.query(server.address(), "+tcp", "_http._tcp.web.ns1.svc.cluster.local", "SRV");

        assertThat(result.section("ANSWER"))
                .containsExactly("_http._tcp.web.ns1.svc.cluster.local. 5 IN SRV 0 100 80 web.ns1.svc.cluster.local.");
        assertThat(result.section("ADDITIONAL")).containsExactly("web.ns1.svc.cluster.local. 5 IN A 198.18.0.10");
    }

    @Test
    void aMissingNameIsNxdomainWithTheSoa() throws Exception {
        Dig.Result result = Dig.query(server.address(), "api.ns1.svc.cluster.local", "A");

        assertThat(result.status()).isEqualTo("NXDOMAIN");
        assertThat(result.flags()).contains("aa");
        assertThat(result.section("AUTHORITY")).singleElement().asString()
                .startsWith("cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. ");
    }

    @Test
    void aNamespaceWithoutServicesIsNodataAndAMissingOneNxdomain() throws Exception {
        Dig.Result empty = Dig.query(server.address(), "empty.svc.cluster.local", "A");
        Dig.Result missing = Dig.query(server.address(), "missing.svc.cluster.local", "A");

        assertThat(empty.status()).isEqualTo("NOERROR");
        assertThat(empty.section("ANSWER")).isEmpty();
        assertThat(empty.section("AUTHORITY")).singleElement().asString().startsWith("cluster.local. 5 IN SOA ");
        assertThat(missing.status()).isEqualTo("NXDOMAIN");
    }

    /** Served on 127.0.0.1, with no kube-dns Service whose endpoints are on it: that address is the glue. */
    @Test
    void theApexNsCarriesTheNameserversAddress() throws Exception {
        Dig.Result ns = Dig.query(server.address(), "cluster.local", "NS");
        Dig.Result nameserver = Dig.query(server.address(), "ns.dns.cluster.local", "A");

        assertThat(ns.section("ANSWER")).containsExactly("cluster.local. 5 IN NS ns.dns.cluster.local.");
        assertThat(ns.section("ADDITIONAL")).containsExactly("ns.dns.cluster.local. 5 IN A 127.0.0.1");
        assertThat(nameserver.section("ANSWER")).containsExactly("ns.dns.cluster.local. 5 IN A 127.0.0.1");
    }

    @Test
    void aLargeAnswerIsTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        Dig.Result udp = Dig.query(server.address(), "+noedns", "+ignore", "many.ns1.svc.cluster.local", "A");
        Dig.Result tcp = Dig.query(server.address(), "+tcp", "many.ns1.svc.cluster.local", "A");

        assertThat(udp.flags()).contains("tc");
        assertThat(udp.section("ANSWER")).hasSizeLessThan(40);
        assertThat(tcp.flags()).doesNotContain("tc");
        assertThat(tcp.section("ANSWER")).hasSize(40);
    }

    @Test
    void theEdnsSizeAllowsLargerUdpAnswersAndTheOptRecordIsEchoed() throws Exception {
        Dig.Result result = Dig.query(server.address(), "+bufsize=4096", "+ignore", "many.ns1.svc.cluster.local", "A");

        assertThat(result.flags()).doesNotContain("tc");
        assertThat(result.section("ANSWER")).hasSize(40);
        assertThat(result.output()).contains("EDNS: version: 0", "udp: 4096");
    }

    @Test
    void forwardsOtherNamesAndCachesTheAnswer() throws Exception {
        assertThat(registry.get(DnsMeters.CACHE_ENTRIES.meterName()).gauge().value()).isZero();

        Dig.Result first = Dig.query(server.address(), "example.org", "A");
        Dig.Result second = Dig.query(server.address(), "example.org", "A");

        assertThat(first.status()).isEqualTo("NOERROR");
        assertThat(first.section("ANSWER")).containsExactly("example.org. 60 IN A 198.18.100.1");
        assertThat(second.section("ANSWER")).hasSize(1);
        assertThat(upstream.udpQuestions).hasValue(1);
        assertThat(registry.counter(DnsMeters.CACHE_HITS.meterName()).count()).isEqualTo(1);
        assertThat(registry.get(DnsMeters.CACHE_ENTRIES.meterName()).gauge().value()).isEqualTo(1);
    }

    @Test
    void forwardsNxdomainAndCachesItByTheSoa() throws Exception {
        Dig.Result first = Dig.query(server.address(), "nothing.example.org", "A");
        Dig.Result second = Dig.query(server.address(), "nothing.example.org", "A");

        assertThat(first.status()).isEqualTo("NXDOMAIN");
        assertThat(second.status()).isEqualTo("NXDOMAIN");
        assertThat(upstream.udpQuestions).hasValue(1);
    }

    @Test
    void aTruncatedUpstreamReplyIsRetriedOverTcpForATcpClient() throws Exception {
        Dig.Result result = Dig.query(server.address(), "+tcp", "big.example.org", "A");

        assertThat(result.section("ANSWER")).hasSize(60);
        assertThat(upstream.tcpQuestions).hasValue(1);
    }

    @Test
    void aTruncatedUpstreamReplyGoesBackToAUdpClientWithTc() throws Exception {
        Dig.Result result = Dig.query(server.address(), "+noedns", "+ignore", "big.example.org", "A");

        assertThat(result.flags()).contains("tc");
    }

    @Test
    void servfailWhenNoUpstreamAnswers() throws Exception {
        Dig.Result result = Dig.query(server.address(), "silent.example.org", "A");

        assertThat(result.status()).isEqualTo("SERVFAIL");
        assertThat(registry.counter(DnsMeters.UPSTREAM_ERRORS.meterName(), "reason", "timeout").count())
                .isEqualTo(1);
    }

    @Test
    void aTcpConnectionServesSeveralQueries() throws Exception {
        Dig.Result result = Dig.query(server.address(), "+tcp", "+keepopen", "web.ns1.svc.cluster.local", "A",
                "dns-version.cluster.local", "TXT", "example.org", "A");

        assertThat(result.output()).contains("198.18.0.10", "\"1.1.0\"", "198.18.100.1");
        List<String> statuses = new ArrayList<>(result.output().lines().filter(l -> l.contains("status:")).toList());
        assertThat(statuses).hasSize(3).allSatisfy(line -> assertThat(line).contains("NOERROR"));
    }

    @Test
    void countsRequestsAndResponses() throws Exception {
        Dig.query(server.address(), "web.ns1.svc.cluster.local", "A");

        assertThat(registry.counter(DnsMeters.REQUESTS.meterName(), "proto", "udp", "type", "A").count())
                .isEqualTo(1);
        assertThat(registry.counter(DnsMeters.RESPONSES.meterName(), "rcode", "NOERROR", "source", "zone").count())
                .isEqualTo(1);
        assertThat(registry.timer(DnsMeters.REQUEST_DURATION.meterName(), "source", "zone").count()).isEqualTo(1);
    }
}
