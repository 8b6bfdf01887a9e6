package dev.junction.core.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

/**
 * Runs code in a test's network namespace without leaving the test JVM: a platform thread created for the one call
 * joins the namespace with {@code setns(2)} and ends with it. A network namespace is a per-thread attribute, so no
 * other thread of the JVM moves, and netlink sockets opened on that thread talk to the namespace's tables.
 *
 * <p>Chosen over a child JVM under {@code ip netns exec}: no second JVM start-up, and the code under test runs with the
 * test's classes, objects and assertions. Before the call, the thread checks that its namespace really is the test's
 * one (same inode), so a failed {@code setns} can never let a test touch the root namespace's tables.
 */
public final class InNamespace {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    /** Test-only C calls (public for JNR-FFI's generated class); the production gateway never changes namespace. */
    public interface NamespaceCalls {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int namespaceType);

        int close(int fd);
    }

    private static final NamespaceCalls LIBC = LibraryLoader.create(NamespaceCalls.class).load("c");

    private InNamespace() {
    }

    public static <T> T call(Netns ns, Callable<T> work) {
        Path file = Path.of("/var/run/netns", ns.name());
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("netns-" + ns.name()).start(() -> {
            try {
                enter(file);
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("in " + ns + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for work in " + ns, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("work in " + ns + " did not finish in 60 s", e);
        }
    }

    private static void enter(Path file) throws IOException {
        int fd = LIBC.open(file.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("open " + file + " failed with errno " + lastError());
        }
        try {
            if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns " + file + " failed with errno " + lastError());
            }
        } finally {
            LIBC.close(fd);
        }
        String expected = "net:[" + Files.getAttribute(file, "unix:ino") + "]";
        String actual = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        if (!actual.equals(expected)) {
            throw new UncheckedIOException(new IOException(
                    "thread namespace " + actual + " after setns (expected: " + expected + " of " + file + ")"));
        }
    }

    private static int lastError() {
        return jnr.ffi.Runtime.getRuntime(LIBC).getLastError();
    }
}
