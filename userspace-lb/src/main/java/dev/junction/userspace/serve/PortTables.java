package dev.junction.userspace.serve;

import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The endpoint tables of one Service port, one per {@link Origin}, built from one snapshot and swapped in wholesale
 * by the next. Immutable (the tables' own cursors and shared states aside).
 *
 * @param port the Service port the tables were built from, for classifying new connections
 */
record PortTables(ServicePort port, Map<Origin, EndpointTable> tables) {

    PortTables {
        tables = Map.copyOf(tables);
    }

    static PortTables build(ServicePort port, TableSettings settings, EndpointStates states) {
        Map<Origin, EndpointTable> tables = new EnumMap<>(Origin.class);
        for (Origin origin : Origin.values()) {
            tables.put(origin, EndpointTable.build(port, origin, settings, states));
        }
        return new PortTables(port, tables);
    }

    EndpointTable forOrigin(Origin origin) {
        return tables.get(origin);
    }

    /** Every endpoint some table may pick: those whose connections are left alone by a swap. */
    Set<Endpoint> endpoints() {
        return tables.values().stream().flatMap(t -> t.entries().stream()).map(EndpointState::endpoint)
                .collect(Collectors.toUnmodifiableSet());
    }
}
