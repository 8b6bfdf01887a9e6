package dev.junction.core.store;

import dev.junction.core.model.Decoded;
import dev.junction.core.model.EndpointSliceDecoder;
import dev.junction.core.model.EndpointSliceInfo;
import dev.junction.core.model.FieldProblem;
import dev.junction.core.model.InvalidObjectException;
import dev.junction.core.model.NodeDecoder;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceCidrDecoder;
import dev.junction.core.model.ServiceCidrInfo;
import dev.junction.core.model.ServiceDecoder;
import dev.junction.core.model.ServiceInfo;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.SnapshotBuilder;
import dev.junction.core.sync.PendingChanges;
import dev.junction.core.sync.SnapshotSource;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched cluster state: Services, EndpointSlices, this node's Node, ServiceCIDRs and (for DNS) Namespace names,
 * validated and keyed, like kube-proxy's change trackers. It consumes {@link WatchEvent}s from one source thread, drops
 * no-op changes, and hands the sync loop a per-node {@link ClusterSnapshot} with what changed since the last one.
 *
 * <p>Threading: one writer (the source delivering events); any thread may read {@link #state()}, {@link #node()} and
 * {@link #isSynced()}; {@link #takeSnapshot()} is called by the sync loop. Objects are decoded before the lock is
 * taken, and snapshots are built after it is released, so each critical section is a few map operations. The change
 * listener runs on the writer's thread, outside the lock.
 *
 * <p>An invalid object is skipped on its own (and an update that makes a stored object invalid removes it): one
 * rate-limited WARN line and one {@code junction.invalid.objects{kind}} count per problem.
 */
public final class ObjectStore implements SnapshotSource, Consumer<WatchEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    private final String nodeName;
    private final Clock clock;
    private final Instant startTime;
    private final SnapshotBuilder builder;
    private final Object lock = new Object();
    private final StoreContents contents = new StoreContents();
    private final PendingChangeTracker pending;
    private final InvalidObjectReporter reporter;
    private final Set<ResourceKind> synced = EnumSet.noneOf(ResourceKind.class);
    private long generation;
    private StoreState cachedState = StoreState.EMPTY;
    private String zoneAtLastTake = "";
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** @param nodeName the node Junction runs on: only its Node is kept, and its endpoints are local */
    public ObjectStore(String nodeName, MeterRegistry registry, Clock clock) {
        this.nodeName = nodeName;
        this.clock = clock;
        this.startTime = clock.instant();
        this.builder = new SnapshotBuilder(nodeName);
        this.pending = new PendingChangeTracker(registry);
        this.reporter = new InvalidObjectReporter(registry, clock);
    }

    /** One decoded object: {@code value} is null when the object is absent, unproxied or invalid. */
    private record Incoming(ObjectRef ref, Object value, List<FieldProblem> dropped, FieldProblem rejected) {

        static Incoming absent(ObjectRef ref) {
            return new Incoming(ref, null, List.of(), null);
        }
    }

    @Override
    public void accept(WatchEvent event) {
        boolean changed = switch (event) {
            case WatchEvent.Upserted upserted -> apply(upserted.kind(), List.of(upserted.object()), false);
            case WatchEvent.Deleted deleted -> applyDeleted(deleted.kind(), deleted.lastKnown());
            case WatchEvent.Replaced replaced -> apply(replaced.kind(), replaced.objects(), true);
            case WatchEvent.Synced done -> markSynced(done.kind());
        };
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Services and EndpointSlices only, as kube-proxy's {@code isInitialized}: the Node, ServiceCIDRs (which an
     * older API server does not serve) and Namespaces may come later, or never.
     */
    @Override
    public boolean isSynced() {
        synchronized (lock) {
            return synced.contains(ResourceKind.SERVICE) && synced.contains(ResourceKind.ENDPOINT_SLICE);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Trigger times: a slice's {@code last-change-trigger-time} when set (ignored when older than the store),
     * otherwise when the change was seen; Services use when they were seen. {@code topologyChanged} is true when this
     * node's {@code topology.kubernetes.io/zone} differs from the previous take: like kube-proxy's
     * {@code NodeTopologyConfig}, other label changes do not count.
     */
    @Override
    public PendingChanges takeSnapshot() {
        StoreState state;
        List<Instant> triggerTimes;
        boolean topologyChanged;
        synchronized (lock) {
            state = currentState();
            triggerTimes = pending.drain();
            String zone = state.node().map(NodeInfo::zone).orElse("");
            topologyChanged = !zone.equals(zoneAtLastTake);
            zoneAtLastTake = zone;
        }
        ClusterSnapshot snapshot = builder.build(
                state.services().values(), state.slicesByService(), state.node(), state.serviceCidrs(),
                state.version());
        return new PendingChanges(snapshot, triggerTimes, topologyChanged);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Several listeners may register (the sync loop and the DNS responder share one store); each is called, in
     * registration order, after every accepted change.
     */
    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The cluster-wide view (all Services, all slices by Service, the Node); cheap to call repeatedly. */
    public StoreState state() {
        synchronized (lock) {
            return currentState();
        }
    }

    /** This node's Node, once seen; until then kube-proxy's /healthz reports {@code nodeEligible=false}. */
    public Optional<NodeInfo> node() {
        synchronized (lock) {
            return contents.node();
        }
    }

    private boolean apply(ResourceKind kind, List<HasMetadata> objects, boolean replace) {
        List<Incoming> incoming = objects.stream()
                .filter(object -> kind != ResourceKind.NODE || nodeName.equals(refOf(object).name()))
                .map(object -> decode(kind, object))
                .toList();
        Instant now = clock.instant();
        boolean changed = false;
        synchronized (lock) {
            incoming.forEach(in -> report(kind, in));
            if (replace) {
                changed = removeMissing(kind, incoming, now);
            }
            for (Incoming in : incoming) {
                changed |= store(kind, in, now);
            }
        }
        boolean completedSync = replace && markSynced(kind);
        return changed || completedSync;
    }

    private boolean applyDeleted(ResourceKind kind, HasMetadata lastKnown) {
        ObjectRef ref = refOf(lastKnown);
        Instant now = clock.instant();
        synchronized (lock) {
            reporter.forget(kind, ref);
            return store(kind, Incoming.absent(ref), now);
        }
    }

    /** Marks a kind synced; true when that completes the store's initial sync, which the listener must hear of. */
    private boolean markSynced(ResourceKind kind) {
        synchronized (lock) {
            boolean wasSynced = isSynced();
            if (synced.add(kind)) {
                LOG.info("store synced kind={} services={} slices={}", kind.kind(),
                        contents.serviceRefs().size(), contents.sliceRefs().size());
            }
            return !wasSynced && isSynced();
        }
    }

    private Incoming decode(ResourceKind kind, HasMetadata object) {
        ObjectRef ref = refOf(object);
        try {
            Optional<? extends Decoded<?>> decoded = switch (kind) {
                case SERVICE -> Optional.of(ServiceDecoder.decode((Service) object));
                case ENDPOINT_SLICE -> EndpointSliceDecoder.decode((EndpointSlice) object);
                case NODE -> Optional.of(NodeDecoder.decode((Node) object));
                case NAMESPACE -> Optional.of(new Decoded<>(ref.name(), List.of())); // only its name is needed
                case SERVICE_CIDR -> Optional.of(ServiceCidrDecoder.decode((ServiceCIDR) object));
            };
            return decoded.map(d -> new Incoming(ref, d.value(), d.dropped(), null))
                    .orElseGet(() -> Incoming.absent(ref));
        } catch (InvalidObjectException e) {
            return new Incoming(ref, null, List.of(), e.problem());
        }
    }

    private void report(ResourceKind kind, Incoming in) {
        if (in.rejected() != null) {
            reporter.rejected(kind, in.rejected());
        }
        in.dropped().forEach(problem -> reporter.dropped(kind, problem));
    }

    /** For a full replacement: removes what the new set no longer has. */
    private boolean removeMissing(ResourceKind kind, List<Incoming> incoming, Instant now) {
        Set<ObjectRef> present = new HashSet<>();
        incoming.forEach(in -> present.add(in.ref()));
        Set<ObjectRef> stored = switch (kind) {
            case SERVICE -> contents.serviceRefs();
            case ENDPOINT_SLICE -> contents.sliceRefs();
            case NODE -> contents.node().map(n -> Set.of(new ObjectRef("", n.name()))).orElse(Set.of());
            case NAMESPACE -> contents.namespaceRefs();
            case SERVICE_CIDR -> contents.serviceCidrRefs();
        };
        boolean changed = false;
        for (ObjectRef ref : stored) {
            if (!present.contains(ref)) {
                reporter.forget(kind, ref);
                changed |= store(kind, Incoming.absent(ref), now);
            }
        }
        return changed;
    }

    /** Stores one object (or its absence); true when that changed the state. Called with the lock held. */
    private boolean store(ResourceKind kind, Incoming in, Instant now) {
        boolean changed = switch (kind) {
            case SERVICE -> storeService(in, now);
            case ENDPOINT_SLICE -> storeSlice(in, now);
            case NODE -> in.ref().name().equals(nodeName) && contents.putNode((NodeInfo) in.value());
            case NAMESPACE -> contents.putNamespace(in.ref().name(), in.value() != null);
            case SERVICE_CIDR -> contents.putServiceCidr(in.ref().name(), (ServiceCidrInfo) in.value());
        };
        if (changed) {
            generation++;
            cachedState = null;
        }
        return changed;
    }

    private boolean storeService(Incoming in, Instant now) {
        if (!contents.putService(in.ref(), (ServiceInfo) in.value())) {
            return false;
        }
        pending.recordServiceChange(in.ref(), now);
        return true;
    }

    private boolean storeSlice(Incoming in, Instant now) {
        EndpointSliceInfo slice = (EndpointSliceInfo) in.value();
        Set<ObjectRef> services = contents.putSlice(in.ref(), slice);
        if (services.isEmpty()) {
            return false;
        }
        pending.recordEndpointChange(services, triggerTime(slice, now));
        return true;
    }

    /**
     * The slice's {@code last-change-trigger-time} when set, else when the change was seen. Like kube-proxy, a time
     * from before the store started is not used (it would count old changes replayed by the initial list).
     */
    private Instant triggerTime(EndpointSliceInfo slice, Instant now) {
        if (slice == null || slice.lastChangeTriggerTime().isEmpty()) {
            return now;
        }
        Instant annotated = slice.lastChangeTriggerTime().get();
        return annotated.isBefore(startTime) ? null : annotated;
    }

    private StoreState currentState() {
        if (cachedState == null) {
            cachedState = contents.toState(generation);
        }
        return cachedState;
    }

    private static ObjectRef refOf(HasMetadata object) {
        var meta = object.getMetadata();
        String namespace = meta == null || meta.getNamespace() == null ? "" : meta.getNamespace();
        String name = meta == null || meta.getName() == null ? "" : meta.getName();
        return new ObjectRef(namespace, name);
    }
}
