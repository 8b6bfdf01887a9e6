package dev.junction.dns.records;

import dev.junction.core.net.IpAddress;
import dev.junction.core.store.StoreState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster zone as an immutable table, built by {@link ZoneIndexBuilder} from one store state and replaced
 * wholesale on every change; a lookup is a hash lookup returning an answer built with the index. Safe to share across
 * threads.
 *
 * <p>Answers follow the Kubernetes DNS specification 1.1.0 and CoreDNS's kubernetes plugin: names of the zone that
 * exist but lack the type are NODATA, names that do not exist are NXDOMAIN, both authoritative with the zone's SOA in
 * the authority section; until the store has synced, a miss is SERVFAIL instead. Reverse names are answered only
 * when they belong to cluster data; like kubeadm's {@code fallthrough in-addr.arpa ip6.arpa}, other reverse names (and
 * all names outside the zone) are not ours and {@link #lookup} returns empty, so that the caller forwards them.
 */
public final class ZoneIndex {

    private final ZoneSettings settings;
    private final Map<String, NameRecords> names;
    private final Set<String> namespaces;
    private final Answer nodata;
    private final Answer nxdomain;
    private final boolean synced;
    private final long version;

    ZoneIndex(ZoneSettings settings, Map<String, NameRecords> names, Set<String> namespaces, ResourceRecord soa,
            boolean synced, long version) {
        this.settings = settings;
        this.names = Map.copyOf(names);
        this.namespaces = Set.copyOf(namespaces);
        this.nodata = new Answer(Rcode.NOERROR, true, List.of(), List.of(soa), List.of());
        this.nxdomain = synced ? new Answer(Rcode.NXDOMAIN, true, List.of(), List.of(soa), List.of())
                : Answer.error(Rcode.SERVFAIL);
        this.synced = synced;
        this.version = version;
    }

    /** An empty, unsynced zone: every miss is SERVFAIL, as CoreDNS answers before its informers synced. */
    public static ZoneIndex unsynced(ZoneSettings settings) {
        return new ZoneIndexBuilder(settings).build(StoreState.EMPTY, false, 0);
    }

    /**
     * The answer for a question, or empty when the name is not ours to answer (forward it).
     *
     * @param name  absolute, lower-case, with a trailing dot
     * @param qtype the question's type (class IN is checked by the caller)
     */
    public Optional<Answer> lookup(String name, int qtype) {
        NameRecords found = names.get(name);
        if (isInZone(name)) {
            if (found == null) {
                found = podRecords(name);
            }
            return Optional.of(found == null ? nxdomain : answer(found, qtype));
        }
        if (found != null && ReverseNames.isReverse(name)) {
            List<ResourceRecord> records = found.answering(qtype);
            return records.isEmpty() ? Optional.empty()
                    : Optional.of(new Answer(Rcode.NOERROR, true, records, List.of(), List.of()));
        }
        return Optional.empty();
    }

    /** True for the zone's apex and every name below it. */
    public boolean isInZone(String name) {
        String zone = settings.domain();
        int before = name.length() - zone.length() - 1;
        return name.endsWith(zone) && (before < 0 || name.charAt(before) == '.');
    }

    public ZoneSettings settings() {
        return settings;
    }

    /** Whether the store had synced when this index was built. */
    public boolean isSynced() {
        return synced;
    }

    /** The store version this index was built from. */
    public long version() {
        return version;
    }

    /** The number of names held, for logs and metrics. */
    public int size() {
        return names.size();
    }

    private Answer answer(NameRecords found, int qtype) {
        Answer positive = found.answer(qtype);
        return positive != null ? positive : nodata;
    }

    /** {@code <dashed-ip>.<ns>.pod.<zone>} in insecure mode, when the namespace exists; else null. */
    private NameRecords podRecords(String name) {
        if (settings.podRecords() != PodRecords.INSECURE) {
            return null;
        }
        String suffix = ".pod." + settings.domain();
        if (!name.endsWith(suffix)) {
            return null;
        }
        String[] labels = name.substring(0, name.length() - suffix.length()).split("\\.", -1);
        if (labels.length != 2 || !namespaces.contains(labels[1])) {
            return null;
        }
        IpAddress address = ReverseNames.undashed(labels[0]);
        return address == null ? null
                : new NameRecords(List.of(new ResourceRecord(name, settings.ttl(), RecordData.address(address))),
                        List.of());
    }
}
