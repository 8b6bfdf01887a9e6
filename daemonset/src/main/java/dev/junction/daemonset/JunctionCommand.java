package dev.junction.daemonset;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code junction} command: help, version, and the subcommands. */
@Command(
        name = "junction",
        mixinStandardHelpOptions = true,
        versionProvider = JunctionCommand.Version.class,
        description = "A Kubernetes service proxy: a drop-in replacement for kube-proxy.",
        commandListHeading = "%nCommands:%n")
public final class JunctionCommand implements Callable<Integer> {

    /** The exit code for a bad flag, config value or command line. */
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    private JunctionCommand() {
    }

    /**
     * The command line, ready to {@link CommandLine#execute(String...) execute}. A bad flag or config value prints one
     * line ({@code junction: <what is wrong>}) on stderr and exits with 2.
     *
     * @param launcher what {@code junction run} starts with the resolved configuration
     */
    public static CommandLine create(AgentLauncher launcher) {
        return create(launcher, MachineHostname::read);
    }

    static CommandLine create(AgentLauncher launcher, Supplier<String> machineHostname) {
        return create(launcher, new DnsRunner(), machineHostname, DnsCommand::resolvConfUpstreams);
    }

    /** @param defaultUpstreams the resolvers {@code junction dns} forwards to without {@code --upstream} */
    static CommandLine create(AgentLauncher launcher, DnsLauncher dns, Supplier<String> machineHostname,
            Supplier<List<InetSocketAddress>> defaultUpstreams) {
        return new CommandLine(new JunctionCommand())
                .addSubcommand(new RunCommand(launcher, machineHostname))
                .addSubcommand(new DnsCommand(dns, machineHostname, defaultUpstreams))
                .setParameterExceptionHandler(JunctionCommand::printUsageError);
    }

    /** {@code junction} without a command is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command (expected: one of " + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    private static int printUsageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String message = e.getMessage().lines().findFirst().orElse("invalid command line");
        failed.getErr().println("junction: " + message);
        failed.getErr().flush();
        return EXIT_USAGE;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JunctionCommand.class.getPackage().getImplementationVersion();
            return new String[] {"junction " + (version == null ? "(development build)" : version)};
        }
    }
}
