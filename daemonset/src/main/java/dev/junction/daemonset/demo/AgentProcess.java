package dev.junction.daemonset.demo;

import dev.junction.core.sandbox.Netns;
import dev.junction.daemonset.Main;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code junction run} started as its own process inside a namespace, with this very build: the running jar, or the
 * current class path when run from a build tree (tests). Stopped with SIGTERM, as the kubelet stops a pod.
 */
public final class AgentProcess implements AutoCloseable {

    private static final Pattern LAST_SYNC =
            Pattern.compile("(?m)^kubeproxy_sync_proxy_rules_last_timestamp_seconds\\{ip_family=\"IPv4\"} (\\S+)$");

    private final Netns netns;
    private final Process process;
    private final Path log;

    private AgentProcess(Netns netns, Process process, Path log) {
        this.netns = netns;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code junction run <flags>} in {@code netns}, logging to {@code log}. */
    public static AgentProcess start(Netns netns, List<String> flags, Path log) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("run");
        command.addAll(flags);
        return new AgentProcess(netns, netns.start(command, log), log);
    }

    /** The command that runs this build's {@code junction}. */
    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path codeSource;
        try {
            codeSource = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate junction's own code", e);
        }
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            // As scripts/env.sh: without it Netty stops using sun.misc.Unsafe on JDK 25 and costs more per packet.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (Files.isRegularFile(codeSource)) {
            command.addAll(List.of("-jar", codeSource.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        return command;
    }

    /** {@code /metrics} as the agent serves it (on its default address, inside its namespace). */
    public String scrapeMetrics() {
        return netns.exec("curl", "-s", "--max-time", "2", "http://127.0.0.1:10249/metrics").stdout();
    }

    /** {@code GET path} on the health server: status line code and body. */
    public String fetchHealth(String path) {
        return netns.exec("curl", "-s", "--max-time", "2", "-w", "\n%{http_code}", "http://127.0.0.1:10256" + path)
                .stdout();
    }

    /** When the last successful IPv4 sync happened (seconds since the epoch), once there was one. */
    public Optional<Double> lastSyncSeconds() {
        Matcher matcher = LAST_SYNC.matcher(scrapeMetrics());
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))).filter(t -> t > 0)
                : Optional.empty();
    }

    /** Waits until the agent applied its first sync; fails with the agent's log when it exits or takes too long. */
    public void awaitFirstSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("junction exited with " + process.exitValue() + ":\n" + logText());
            }
            if (lastSyncSeconds().isPresent()) {
                return;
            }
            waitForExit(Duration.ofMillis(200));
        }
        throw new IllegalStateException("junction did not sync within " + timeout.toSeconds() + "s:\n" + logText());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Waits for a process that exits by itself ({@code run --cleanup}); returns its exit code. */
    public int awaitExit(Duration timeout) {
        if (!waitForExit(timeout)) {
            process.destroyForcibly();
            throw new IllegalStateException("junction did not exit within " + timeout.toSeconds() + "s:\n"
                    + logText());
        }
        return process.exitValue();
    }

    /** SIGTERM, then waits for the exit; returns the exit code (143 = stopped by SIGTERM after a clean shutdown). */
    public int stop(Duration timeout) {
        process.destroy();
        if (!waitForExit(timeout)) {
            process.destroyForcibly();
            throw new IllegalStateException("junction did not stop within " + timeout.toSeconds() + "s");
        }
        return process.exitValue();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }
}
