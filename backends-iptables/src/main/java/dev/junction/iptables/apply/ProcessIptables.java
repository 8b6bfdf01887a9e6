package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import dev.junction.core.process.ChildProcesses;
import dev.junction.core.process.CommandResult;
import dev.junction.iptables.apply.IptablesFlavor.Tool;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        CommandResult result = runUnchecked(command, input);
        if (!result.succeeded()) {
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

    private CommandResult run(List<String> command, String stdin) throws IptablesException {
        CommandResult result = runUnchecked(command, stdin);
        if (!result.succeeded()) {
            throw new IptablesException(command, result.exitCode(), result.stderr(), "");
        }
        return result;
    }

    private CommandResult runUnchecked(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(commandPrefix);
        full.addAll(command);
        return ChildProcesses.run(full, stdin, timeout);
    }
}
