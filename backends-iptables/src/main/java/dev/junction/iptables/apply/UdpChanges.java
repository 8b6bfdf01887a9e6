package dev.junction.iptables.apply;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.iptables.compile.ServiceSelection;
import java.util.List;
import java.util.Map;

/**
 * Whether a partial sync touched a UDP Service port: only then can conntrack hold stale UDP entries (kube-proxy's
 * {@code ConntrackCleanupRequired}); TCP and SCTP connections end on their own.
 */
public final class UdpChanges {

    private UdpChanges() {
    }

    public static boolean touchUdp(ServiceSelection selection, ClusterSnapshot before, ClusterSnapshot after) {
        if (!(selection instanceof ServiceSelection.Only only)) {
            return true;
        }
        Map<ObjectRef, List<ServicePort>> beforePorts = before.byService();
        Map<ObjectRef, List<ServicePort>> afterPorts = after.byService();
        return only.services().stream().anyMatch(ref -> hasUdp(beforePorts.get(ref)) || hasUdp(afterPorts.get(ref)));
    }

    private static boolean hasUdp(List<ServicePort> ports) {
        return ports != null && ports.stream().anyMatch(p -> p.name().protocol() == Protocol.UDP);
    }
}
