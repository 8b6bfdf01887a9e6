package dev.junction.userspace.udp;

import dev.junction.userspace.balance.EndpointTable;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Which table serves the flows of one UDP listener: the same for every client, or chosen per flow, as a NodePort
 * serves pods and the node with the Cluster endpoints whatever the external policy, and a redirected flow sent to an
 * externalIP gets the external table.
 */
@FunctionalInterface
public interface FlowTables {

    /**
     * Asked once per new flow; the flow reads the supplier again for each later datagram (tables are swapped).
     *
     * @param listener the listening socket's local address
     */
    Supplier<EndpointTable> forFlow(InetSocketAddress client, InetSocketAddress listener);

    /** One table for every flow. */
    static FlowTables same(Supplier<EndpointTable> tables) {
        return (client, listener) -> tables;
    }
}
