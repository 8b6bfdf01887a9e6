package dev.junction.daemonset.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Capability;
import dev.junction.daemonset.demo.DemoManifests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The shipped image, as a node runs it: {@code junction run --source} in a container with NET_ADMIN on a user-defined
 * network, its health and metrics read from the host, its rules read with {@code iptables-save} inside, a real TCP
 * connection from its network namespace to a ClusterIP answered by a backend container (socat, same image), an edit
 * of the mounted source applied live, and SIGTERM from the engine stopping it gracefully.
 */
@Tag("container")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the SIGTERM test stops the shared agent, so it runs last
class AgentContainerTest {

    /** Outside every test network: only the agent's rules know it, as in a cluster. */
    private static final String CLUSTER_IP = "198.19.251.10";
    private static final int SERVICE_PORT = 80;
    private static final int BACKEND_PORT = DemoManifests.POD_PORT;
    private static final int HEALTHZ_PORT = 10256;
    private static final int METRICS_PORT = 10249;
    private static final String SOURCE_DIR = "/etc/junction";
    private static final Duration AGENT_START = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path manifests;
    private ScratchNetwork network;
    private GenericContainer<?> backend;
    private GenericContainer<?> agent;

    @BeforeAll
    void startBackendAndAgent(@TempDir Path dir) throws IOException {
        String reason = JunctionImage.unavailableReason();
        assumeTrue(reason == null, reason);
        String image = JunctionImage.name();
        manifests = dir;
        network = ScratchNetwork.create();

        backend = new GenericContainer<>(image)
                .withNetwork(network)
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("socat"))
                // One line per connection, naming the client address the backend saw.
                .withCommand("TCP-LISTEN:" + BACKEND_PORT + ",fork,reuseaddr",
                        "SYSTEM:echo backend saw $SOCAT_PEERADDR");
        backend.start();

        Files.writeString(manifests.resolve("cluster.yaml"), nodeAndEchoService());
        agent = new GenericContainer<>(image)
                .withNetwork(network)
                // What the privileged DaemonSet pod may do itself: program netfilter, and route_localnet (which an
                // unprivileged container cannot write) for localhost NodePorts.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN)
                        .withSysctls(Map.of("net.ipv4.conf.all.route_localnet", "1")))
                .withFileSystemBind(manifests.toString(), SOURCE_DIR, BindMode.READ_ONLY)
                .withCommand("run", "--source", SOURCE_DIR + "/cluster.yaml", "--hostname-override", "node-a",
                        "--metrics-bind-address", "0.0.0.0:" + METRICS_PORT)
                .withExposedPorts(HEALTHZ_PORT, METRICS_PORT)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("agent-container")))
                .waitingFor(Wait.forHttp("/healthz").forPort(HEALTHZ_PORT).withStartupTimeout(AGENT_START));
        agent.start();
    }

    @AfterAll
    void stopContainersAndNetwork() {
        // Ryuk is off (it would need a pulled image), so everything this class started is removed here.
        for (AutoCloseable resource : new AutoCloseable[] {agent, backend, network}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(AgentContainerTest.class).warn("cleanup failed resource={}", resource, e);
                }
            }
        }
    }

    @Test
    void healthzAnswersWithKubeProxysReport() throws Exception {
        HttpResponse<String> response = get(HEALTHZ_PORT, "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"lastUpdated\"", "\"currentTime\"");
    }

    @Test
    void metricsUseKubeProxysNames() throws Exception {
        HttpResponse<String> response = get(METRICS_PORT, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("kubeproxy_sync_proxy_rules_duration_seconds",
                "kubeproxy_sync_proxy_rules_iptables_total");
    }

    @Test
    void natTableInsideTheContainerHoldsTheServiceRules() throws Exception {
        String nat = agent.execInContainer("iptables-save", "-t", "nat").getStdout();

        // iptables-save prints matches in its own order, so each line is checked for its parts.
        assertThat(nat.lines()).anySatisfy(line -> assertThat(line).startsWith("-A KUBE-SERVICES ")
                .contains("-d " + CLUSTER_IP + "/32", "--comment \"ns1/echo:p cluster IP\"",
                        "--dport " + SERVICE_PORT));
        assertThat(nat.lines()).anySatisfy(line -> assertThat(line).startsWith("-A KUBE-SEP-")
                .contains("-j DNAT --to-destination " + backendIp() + ":" + BACKEND_PORT));
    }

    @Test
    void clusterIpFromTheAgentsNamespaceReachesTheBackendContainer() {
        // The first connection may race the first sync; the health wait makes that rare, the poll makes it harmless.
        String reply = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> connect(CLUSTER_IP, SERVICE_PORT), r -> r.startsWith("backend saw"));

        assertThat(reply.strip()).isEqualTo("backend saw " + ipOf(agent));
    }

    @Test
    void anEditedSourceFileIsAppliedWithoutARestart() throws Exception {
        Files.writeString(manifests.resolve("cluster.yaml.tmp"),
                nodeAndEchoService() + "---\n"
                        + DemoManifests.service("added", "ClusterIP", "198.19.251.11", SERVICE_PORT, "TCP", "", ""));
        Files.move(manifests.resolve("cluster.yaml.tmp"), manifests.resolve("cluster.yaml"),
                StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> agent.execInContainer("iptables-save", "-t", "filter").getStdout(),
                        rules -> rules.contains("ns1/added:p has no endpoints"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void sigtermReachesTheJvmThroughTheEntrypointAndStopsItGracefully() {
        agent.getDockerClient().stopContainerCmd(agent.getContainerId()).withTimeout(30).exec();

        var state = agent.getDockerClient().inspectContainerCmd(agent.getContainerId()).exec().getState();
        assertThat(state.getExitCodeLong()).as("exit status (expected: 143 from SIGTERM; 137 means the engine had to"
                + " SIGKILL it)").isEqualTo(143L);
        assertThat(agent.getLogs()).contains("shutting down: finishing the current sync", "stopped");
    }

    /** Node node-a (/healthz answers 503 until the agent knows its node) and ns1/echo backed by the backend. */
    private String nodeAndEchoService() {
        return String.join("---\n", DemoManifests.node(),
                DemoManifests.service("echo", "ClusterIP", CLUSTER_IP, SERVICE_PORT, "TCP", "", ""),
                DemoManifests.slice("echo", "TCP", List.of(backendIp())));
    }

    private String connect(String ip, int port) throws Exception {
        ExecResult result = agent.execInContainer("socat", "-t", "5", "-T", "5", "STDIO",
                "TCP:" + ip + ":" + port + ",connect-timeout=5");
        return result.getStdout() + result.getStderr();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        URI uri = URI.create("http://" + agent.getHost() + ":" + agent.getMappedPort(port) + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String backendIp() {
        return ipOf(backend);
    }

    private static String ipOf(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }
}
