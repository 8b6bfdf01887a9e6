package dev.junction.core.snapshot;

import dev.junction.core.model.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** What changed between two snapshots, for backends that rewrite only the Services that differ (partial syncs). */
public final class SnapshotDiff {

    private SnapshotDiff() {
    }

    /**
     * The Services whose ports differ between {@code before} and {@code after} in any way (frontends, policies,
     * endpoints), or that appeared or vanished; sorted.
     */
    public static Set<ObjectRef> changedServices(ClusterSnapshot before, ClusterSnapshot after) {
        Map<ObjectRef, List<ServicePort>> old = before.byService();
        Map<ObjectRef, List<ServicePort>> now = after.byService();
        Set<ObjectRef> changed = new TreeSet<>();
        for (Map.Entry<ObjectRef, List<ServicePort>> entry : old.entrySet()) {
            if (!Objects.equals(entry.getValue(), now.get(entry.getKey()))) {
                changed.add(entry.getKey());
            }
        }
        for (ObjectRef ref : now.keySet()) {
            if (!old.containsKey(ref)) {
                changed.add(ref);
            }
        }
        return changed;
    }
}
