package dev.junction.daemonset.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network.Ipam;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * A user-defined bridge network (the only kind that connects containers when the engine runs with
 * {@code --bridge=none}) on the first free /24 of 198.18.240.0/20. The engine refuses overlapping subnets, so test
 * runs in other worktrees, or a network left by a killed run, push this one to the next /24 instead of failing.
 */
final class ScratchNetwork implements Network {

    private static final int CANDIDATES = 16;

    private final String id;

    private ScratchNetwork(String id) {
        this.id = id;
    }

    static ScratchNetwork create() {
        DockerClient docker = DockerClientFactory.lazyClient();
        DockerException last = null;
        for (int i = 0; i < CANDIDATES; i++) {
            String subnet = "198.18." + (240 + i) + ".0/24";
            try {
                String id = docker.createNetworkCmd()
                        .withName("junction-test-" + UUID.randomUUID())
                        .withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet(subnet)))
                        .withLabels(Map.of(DockerClientFactory.TESTCONTAINERS_LABEL, "true"))
                        .exec().getId();
                return new ScratchNetwork(id);
            } catch (DockerException e) {
                last = e; // most likely "Pool overlaps with other one on this address space": try the next /24
            }
        }
        throw new IllegalStateException("no free /24 in 198.18.240.0/20 for a test network (expected: one of "
                + CANDIDATES + "; remove leftovers with: docker network prune)", last);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {
        DockerClientFactory.lazyClient().removeNetworkCmd(id).exec();
    }
}
