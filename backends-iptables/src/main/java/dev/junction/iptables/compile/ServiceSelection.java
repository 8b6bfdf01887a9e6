package dev.junction.iptables.compile;

import dev.junction.core.model.ObjectRef;
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
