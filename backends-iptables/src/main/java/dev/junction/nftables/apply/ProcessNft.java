package dev.junction.nftables.apply;

import dev.junction.core.net.IpFamily;
import dev.junction.core.process.ChildProcesses;
import dev.junction.core.process.CommandResult;
import dev.junction.iptables.apply.RestoreInput;
import dev.junction.nftables.compile.NftTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code nft} as a child process: never a shell, the transaction on stdin, a deadline on every call. */
public final class ProcessNft implements Nft {

    /** nft blames input lines as {@code /dev/stdin:LINE:COLUMNS: Error: ...}. */
    private static final Pattern FAILED_LINE = Pattern.compile("/dev/stdin:(\\d+):");
    private static final Pattern OBJECT = Pattern.compile("^\\t(chain|set) (\\S+) \\{$");

    private final Duration timeout;
    private final List<String> commandPrefix;

    public ProcessNft(Duration timeout) {
        this(timeout, List.of());
    }

    private ProcessNft(Duration timeout, List<String> commandPrefix) {
        this.timeout = timeout;
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** Programs network namespace {@code namespace} (behind {@code ip netns exec}): for kernel tests and bench/. */
    public static ProcessNft inNetworkNamespace(Duration timeout, String namespace) {
        return new ProcessNft(timeout, List.of("ip", "netns", "exec", namespace));
    }

    @Override
    public void run(String script) throws NftException {
        List<String> command = List.of("nft", "-f", "-");
        CommandResult result = execute(command, script);
        if (!result.succeeded()) {
            Matcher line = FAILED_LINE.matcher(result.stderr());
            String context = line.find() ? RestoreInput.linesAround(script, Integer.parseInt(line.group(1))) : "";
            throw new NftException(command, result.exitCode(), describe(result), context);
        }
    }

    @Override
    public Set<String> chains(IpFamily family) throws NftException {
        return objects(family, "chains", "chain");
    }

    @Override
    public Set<String> sets(IpFamily family) throws NftException {
        return objects(family, "sets", "set");
    }

    /**
     * Lists one kind of object of every table of the family, tersely, and keeps ours: listing our table instead would
     * print every rule and element.
     */
    private Set<String> objects(IpFamily family, String listing, String kind) throws NftException {
        List<String> command = List.of("nft", "-t", "list", listing, family == IpFamily.IPV4 ? "ip" : "ip6");
        CommandResult result = execute(command, "");
        if (!result.succeeded()) {
            throw new NftException(command, result.exitCode(), describe(result), "");
        }
        Set<String> names = new TreeSet<>();
        boolean inOurTable = false;
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("table ")) {
                inOurTable = line.endsWith(" " + NftTransaction.TABLE + " {");
                continue;
            }
            Matcher object = OBJECT.matcher(line);
            if (inOurTable && object.matches() && object.group(1).equals(kind)) {
                names.add(object.group(2));
            }
        }
        return names;
    }

    private static String describe(CommandResult result) {
        return result.timedOut() ? "timed out after " + result.elapsed() : result.stderr();
    }

    private CommandResult execute(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(commandPrefix);
        full.addAll(command);
        return ChildProcesses.run(full, stdin, timeout);
    }
}
