package dev.junction.core.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster objects from manifests on disk ({@code --source PATH}): a YAML or JSON file, or a directory whose
 * {@code *.yaml}, {@code *.yml} and {@code *.json} files are read (not recursively; see {@link SourceFiles}).
 * Documents may be separated by {@code ---} and may be {@code kind: List}. Objects are selected as an informer would
 * select them (see {@link ManifestSelection}).
 *
 * <p>On start, and whenever the content changes, everything is re-read and one {@link WatchEvent.Replaced} per kind is
 * emitted (every kind every time, so that the store's diff sees deletions). Changes are noticed through a
 * {@link WatchService} on the directory (the file's parent for a single file, which also sees editors that replace a
 * file by rename and the {@code ..data} symlink swap of a ConfigMap mount), debounced until the directory is quiet, and
 * by a periodic recheck, for changes the watch service misses. A recheck stats the files first ({@link SourceStamp}) and
 * reads and compares their content only when a stamp differs or cannot be trusted yet, so an unchanged source costs a
 * few system calls every period whatever its size.
 *
 * <p>A broken file (a YAML or JSON syntax error, a document that does not deserialize, an object without a name) keeps
 * the last good state: nothing is emitted and one ERROR line names the file, the line and the reason; the next good
 * content is picked up as usual. Broken at start, nothing is emitted, so no kind is synced until the content is fixed.
 * A path that cannot be read (for example while it is being replaced) is logged at WARN, rate-limited, and retried.
 *
 * <p>Threading: everything, including calls to the consumer, runs on one daemon thread, {@code junction-file-source}.
 */
public final class FileSource implements ClusterSource {

    private static final Logger log = LoggerFactory.getLogger(FileSource.class);
    private static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);
    private static final Duration DEFAULT_RECHECK = Duration.ofSeconds(2);

    private final Path path;
    private final Path watchedDirectory;
    private final Duration debounce;
    private final Duration recheck;
    private final ManifestReader reader = new ManifestReader();
    private final ManifestSelection selection;
    private final Clock clock = Clock.systemUTC();
    private final LogRateLimiter warnings = new LogRateLimiter(clock, Duration.ofSeconds(30));
    private WatchService watchService;
    private WatchKey watchKey;
    private SourceFiles lastSeen;
    /** The stamp of the files last read, once they had settled (see {@link SourceStamp#settledBefore}); else null. */
    private SourceStamp settledStamp;
    private Thread thread;
    private volatile boolean closed;

    /**
     * @param path a manifest file or a directory of them
     * @param nodeName this node's name: only the Node of this name is delivered
     * @throws IllegalArgumentException if {@code path} does not exist
     */
    public FileSource(Path path, String nodeName) {
        this(path, nodeName, WatchScope.PROXY);
    }

    /**
     * @param scope which Services and EndpointSlices to deliver: kube-proxy's or all of them (for DNS)
     * @see #FileSource(Path, String)
     */
    public FileSource(Path path, String nodeName, WatchScope scope) {
        this(path, nodeName, scope, DEFAULT_DEBOUNCE, DEFAULT_RECHECK);
    }

    /**
     * Reads the manifests under {@code path} once and selects the objects as a running source would: one
     * {@link WatchEvent.Replaced} per kind, every kind present. For one-shot commands ({@code junction rules},
     * {@code junction explain}) that feed a store and take a single snapshot; nothing is watched.
     *
     * @throws IOException       if the path or one of its files cannot be read
     * @throws ManifestException if a file is not valid YAML or JSON, or an object does not deserialize
     */
    public static List<WatchEvent.Replaced> readOnce(Path path, String nodeName) throws IOException,
            ManifestException {
        return new ManifestSelection(nodeName, WatchScope.PROXY)
                .select(new ManifestReader().read(SourceFiles.read(path)));
    }

    FileSource(Path path, String nodeName, Duration debounce, Duration recheck) {
        this(path, nodeName, WatchScope.PROXY, debounce, recheck);
    }

    FileSource(Path path, String nodeName, WatchScope scope, Duration debounce, Duration recheck) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("source " + path
                    + " does not exist (expected: a YAML or JSON manifest file, or a directory of them)");
        }
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("node name \"" + nodeName + "\" (expected: this node's name)");
        }
        this.path = path.toAbsolutePath().normalize();
        this.watchedDirectory = Files.isDirectory(this.path) ? this.path : this.path.getParent();
        this.selection = new ManifestSelection(nodeName, scope);
        this.debounce = debounce;
        this.recheck = recheck;
    }

    @Override
    public synchronized void start(Consumer<WatchEvent> consumer) {
        if (thread != null) {
            throw new IllegalStateException(describe() + " was already started");
        }
        try {
            watchService = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + watchedDirectory, e);
        }
        Consumer<WatchEvent> guarded = new GuardedConsumer(consumer);
        thread = Thread.ofPlatform().name("junction-file-source").daemon().start(() -> run(guarded));
    }

    private void run(Consumer<WatchEvent> consumer) {
        log.info("file source started path={}", path);
        try {
            while (!closed) {
                register();
                reloadIfChanged(consumer);
                awaitChange();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            log.debug("watch service closed path={}", path);
        }
        log.info("file source stopped path={}", path);
    }

    /**
     * Returns after a change was seen and the directory stayed quiet for the debounce time, or after a recheck period.
     * A directory that never goes quiet (a log file written next to the manifest) is still re-read every period.
     */
    private void awaitChange() throws InterruptedException {
        WatchKey key = watchService.poll(recheck.toMillis(), TimeUnit.MILLISECONDS);
        long giveUpDebouncingAt = System.nanoTime() + recheck.toNanos();
        while (key != null) {
            key.pollEvents();
            if (!key.reset()) {
                watchKey = null;
            }
            if (System.nanoTime() - giveUpDebouncingAt > 0) {
                return;
            }
            key = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** (Re-)registers the directory; when it is gone, the periodic recheck alone notices its return. */
    private void register() {
        if (watchKey != null && watchKey.isValid()) {
            return;
        }
        try {
            watchKey = watchedDirectory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            watchKey = null;
            warn("watch", "cannot watch directory {}, relying on rechecks every {}: {}", watchedDirectory, recheck, e);
        }
    }

    private void reloadIfChanged(Consumer<WatchEvent> consumer) {
        Instant stampedAt = clock.instant();
        SourceStamp stamp;
        SourceFiles files;
        try {
            stamp = SourceStamp.read(path);
            if (stamp.equals(settledStamp)) {
                return;
            }
            files = SourceFiles.read(stamp.files().keySet()); // the files stamped: one listing per recheck
        } catch (IOException e) {
            warn("read", "cannot read source {}, keeping the last good state: {} {}", path, e.getClass()
                    .getSimpleName(), e.getMessage());
            return;
        }
        // Stamped before the read: a write in between leaves a stamp that differs next time, and the content is read.
        settledStamp = stamp.settledBefore(stampedAt) ? stamp : null;
        if (files.equals(lastSeen)) {
            return;
        }
        lastSeen = files;
        List<WatchEvent.Replaced> events;
        try {
            events = selection.select(reader.read(files));
        } catch (ManifestException e) {
            log.error("{}; keeping the last good state", e.getMessage());
            return;
        }
        log.info("source loaded path={} files={} objects={}", path, files.contents().size(),
                events.stream().map(e -> e.kind().kind() + ":" + e.objects().size()).toList());
        events.forEach(consumer);
    }

    private void warn(String key, String format, Object... arguments) {
        warnings.admit(key).ifPresent(held -> log.warn(format + " heldBack=" + held, arguments));
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    /** Stops watching; returns once the source thread has ended (unless called from it). */
    @Override
    public synchronized void close() {
        closed = true;
        if (thread == null) {
            return;
        }
        try {
            watchService.close();
        } catch (IOException e) {
            log.debug("closing the watch service failed path={}", path, e);
        }
        if (thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
