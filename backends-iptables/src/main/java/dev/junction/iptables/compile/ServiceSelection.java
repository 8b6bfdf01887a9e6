package dev.junction.iptables.compile;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.SnapshotDiff;
import java.util.Set;

/**
 * Which Services get their per-Service chains written by a compile: all of them (a full sync) or only those that
 * changed since the last applied ruleset (a partial sync, as kube-proxy's {@code UpdatedServices}).
 */
public sealed interface ServiceSelection {

    ServiceSelection ALL = new All();

    static ServiceSelection only(Set<ObjectRef> services) {
        return new Only(services);
    }

    /**
     * The Services whose ports (frontends, policies or endpoints, of any family) differ between two snapshots:
     * what a partial sync must rewrite after {@code previous} was applied. Removed Services are included; their
     * chains are gone from the new ruleset, so the applier deletes them as stale.
     */
    static ServiceSelection changedBetween(ClusterSnapshot previous, ClusterSnapshot current) {
        return new Only(SnapshotDiff.changedServices(previous, current));
    }

    boolean includes(ObjectRef service);

    /** Every Service. */
    record All() implements ServiceSelection {
        @Override
        public boolean includes(ObjectRef service) {
            return true;
        }
    }

    /** Only the named Services. */
    record Only(Set<ObjectRef> services) implements ServiceSelection {
        public Only {
            services = Set.copyOf(services);
        }

        @Override
        public boolean includes(ObjectRef service) {
            return services.contains(service);
        }
    }
}
