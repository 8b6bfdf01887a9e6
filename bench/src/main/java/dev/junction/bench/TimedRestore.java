package dev.junction.bench;

import dev.junction.core.net.IpFamily;
import dev.junction.core.process.ChildProcesses;
import dev.junction.core.process.CommandResult;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.apply.IptablesFlavor.Tool;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Times one {@code iptables-restore -w 5 --noflush --counters} (the arguments {@code ProcessIptables} uses) inside a
 * namespace. Unlike the gateway, it reports a restore that outlives its deadline as a measurement (empty), not an
 * error: the nf_tables flavor at thousands of Services is expected to.
 */
final class TimedRestore {

    private TimedRestore() {
    }

    /** The restore's duration, or empty when {@code deadline} passed first (the process is then killed). */
    static Optional<Duration> run(IptablesFlavor flavor, String namespace, String input, Duration deadline)
            throws IOException {
        List<String> command = List.of("ip", "netns", "exec", namespace, flavor.binary(IpFamily.IPV4, Tool.RESTORE),
                "-w", "5", "--noflush", "--counters");
        CommandResult result = ChildProcesses.run(command, input, deadline);
        if (result.timedOut()) {
            return Optional.empty();
        }
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + ": exit " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return Optional.of(result.elapsed());
    }
}
