package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.IptablesFlavor.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the iptables binaries of one flavor as child processes: never a shell, input on stdin, the xtables lock
 * waited for ({@code -w}), and a deadline on every call.
 */
public final class ProcessIptables implements Iptables {

    /** How long to wait for the xtables lock, as kube-proxy does. */
    private static final String LOCK_WAIT_SECONDS = "5";

    private final IptablesFlavor flavor;
    private final Duration timeout;
    private final List<String> commandPrefix;

    public ProcessIptables(IptablesFlavor flavor, Duration timeout) {
        this(flavor, timeout, List.of());
    }

    /** Runs every command behind {@code commandPrefix} (such as {@code ip netns exec NAME}): for kernel tests. */
    ProcessIptables(IptablesFlavor flavor, Duration timeout, List<String> commandPrefix) {
        this.flavor = flavor;
        this.timeout = timeout;
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /**
     * Programs the network namespace {@code namespace} instead of the caller's (every command runs behind
     * {@code ip netns exec namespace}): for the benchmarks in bench/, which must never touch the root namespace.
     */
    public static ProcessIptables inNetworkNamespace(IptablesFlavor flavor, Duration timeout, String namespace) {
        return new ProcessIptables(flavor, timeout, List.of("ip", "netns", "exec", namespace));
    }

    /** Picks the flavor the node already uses (see {@link FlavorChoice}). */
    public static IptablesFlavor detectFlavor(Duration timeout) {
        String legacy = saveOrEmpty(new ProcessIptables(IptablesFlavor.LEGACY, timeout));
        String nft = saveOrEmpty(new ProcessIptables(IptablesFlavor.NFT, timeout));
        return FlavorChoice.choose(legacy, nft);
    }

    private static String saveOrEmpty(ProcessIptables iptables) {
        try {
            return iptables.run(List.of(iptables.flavor.binary(IpFamily.IPV4, Tool.SAVE)), "").stdout();
        } catch (IptablesException | UncheckedIOException e) {
            return ""; // that flavor's binaries or kernel support are missing: it holds no rules
        }
    }

    @Override
    public IptablesFlavor flavor() {
        return flavor;
    }

    @Override
    public void restore(IpFamily family, String input) throws IptablesException {
        List<String> command = List.of(flavor.binary(family, Tool.RESTORE), "-w", LOCK_WAIT_SECONDS, "--noflush",
                "--counters");
        Result result = runUnchecked(command, input);
        if (result.exitCode() != 0) {
            throw new IptablesException(command, result.exitCode(), result.stderr(),
                    RestoreInput.contextOfFailure(input, result.stderr()));
        }
    }

    @Override
    public String save(IpFamily family, String table) throws IptablesException {
        return run(List.of(flavor.binary(family, Tool.SAVE), "-t", table), "").stdout();
    }

    @Override
    public void ensureChain(IpFamily family, String table, String chain) throws IptablesException {
        if (!chainExists(family, table, chain)) {
            run(iptables(family, table, "-N", chain, List.of()), "");
        }
    }

    @Override
    public void ensureRuleFirst(IpFamily family, String table, String chain, List<String> rule)
            throws IptablesException {
        if (runUnchecked(iptables(family, table, "-C", chain, rule), "").exitCode() != 0) {
            run(iptables(family, table, "-I", chain, rule), "");
        }
    }

    @Override
    public boolean chainExists(IpFamily family, String table, String chain) {
        return runUnchecked(iptables(family, table, "-S", chain, List.of("1")), "").exitCode() == 0;
    }

    private List<String> iptables(IpFamily family, String table, String op, String chain, List<String> rest) {
        List<String> command = new ArrayList<>(
                List.of(flavor.binary(family, Tool.IPTABLES), "-w", LOCK_WAIT_SECONDS, "-t", table, op, chain));
        command.addAll(rest);
        return command;
    }

    private Result run(List<String> command, String stdin) throws IptablesException {
        Result result = runUnchecked(command, stdin);
        if (result.exitCode() != 0) {
            throw new IptablesException(command, result.exitCode(), result.stderr(), "");
        }
        return result;
    }

    private Result runUnchecked(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(commandPrefix);
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            feed(process.getOutputStream(), stdin);
            // The deadline covers the whole run, input included: a restore stuck reading must not hang the sync.
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", "timed out after " + timeout.toSeconds() + "s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    /** Writes the input on its own thread, so that waiting for the process is what the deadline bounds. */
    private static void feed(OutputStream stdin, String input) {
        Thread.ofVirtual().start(() -> {
            try (stdin) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The process exited (or was killed) before reading everything; its exit status tells why.
            }
        });
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        // One virtual thread per stream: a shared pool could let a full stderr pipe block the stdout reader.
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
