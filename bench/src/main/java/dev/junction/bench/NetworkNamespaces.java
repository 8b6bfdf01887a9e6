package dev.junction.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway network namespaces named {@code <prefix><role>-<n>}: the kernel parts of the benchmarks run only in
 * these, never in the root namespace. {@link #close()} deletes every namespace still open; bench/run's trap deletes
 * anything with the prefix left behind by a killed JVM.
 */
final class NetworkNamespaces implements AutoCloseable {

    private final String prefix;
    private final List<String> open = new ArrayList<>();
    private int created;

    NetworkNamespaces(String prefix) {
        if (!prefix.matches("[a-z0-9-]{2,12}")) {
            throw new IllegalArgumentException("netns prefix \"" + prefix + "\" (expected: 2-12 of a-z, 0-9, -)");
        }
        this.prefix = prefix;
    }

    /** Creates an empty namespace with loopback up; its tables are fresh. */
    String create(String role) throws IOException {
        String name = prefix + role + "-" + (++created);
        run("ip", "netns", "add", name);
        open.add(name);
        run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        return name;
    }

    void delete(String name) throws IOException {
        if (open.remove(name)) {
            run("ip", "netns", "del", name);
        }
    }

    @Override
    public void close() throws IOException {
        for (String name : List.copyOf(open)) {
            delete(name);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!awaitExit(process)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out after 30s");
        }
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + output);
        }
    }

    private static boolean awaitExit(Process process) throws IOException {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterruptedIOException("interrupted while waiting for " + process.info().command().orElse("ip"));
        }
    }
}
