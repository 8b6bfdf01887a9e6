package dev.junction.userspace.udp;

import dev.junction.core.net.IpAddress;
import dev.junction.userspace.balance.EndpointTable;
import java.util.function.Supplier;

/**
 * Which table serves the flows of one UDP listener: the same for every client, or chosen by the client, as a NodePort
 * serves pods and the node with the Cluster endpoints whatever the external policy.
 */
@FunctionalInterface
public interface FlowTables {

    /** Asked once per new flow; the flow reads the supplier again for each later datagram (tables are swapped). */
    Supplier<EndpointTable> forClient(IpAddress client);

    /** One table for every client. */
    static FlowTables same(Supplier<EndpointTable> tables) {
        return client -> tables;
    }
}
