package dev.junction.core.backend;

import dev.junction.core.net.IpFamily;
import java.util.Set;

/**
 * A data plane: makes the kernel (or a userspace proxy) match a {@link dev.junction.core.snapshot.ClusterSnapshot}.
 *
 * <p>Called only from the sync loop's single thread, one sync at a time, never before every source has completed
 * its initial list. A backend keeps no reference to mutable state of the caller; snapshots are immutable values.
 * When {@link #sync} throws, the data plane must still hold the previously applied rules (or a consistent superset
 * of them); the loop retries with a full sync.
 */
public interface Backend extends AutoCloseable {

    /** The proxy mode this backend implements, as spelled in {@code --proxy-mode}: {@code iptables}, ... */
    String mode();

    /** The IP families this backend programs; metrics and health are reported per family. */
    Set<IpFamily> families();

    /** Makes the data plane match {@code request.current()}. */
    SyncOutcome sync(SyncRequest request) throws SyncFailedException;

    /** Stops background work. Rules stay in place, as kube-proxy leaves them, so traffic flows across restarts. */
    @Override
    void close();
}
