package dev.junction.daemonset;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
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
    /** The exit code when the agent cannot start or fails. */
    static final int EXIT_FAILURE = 1;

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

    /** @param defaultUpstreams the resolvers DNS forwards to without {@code --upstream} or {@code --dns-upstream} */
    static CommandLine create(AgentLauncher launcher, DnsLauncher dns, Supplier<String> machineHostname,
            Supplier<List<InetSocketAddress>> defaultUpstreams) {
        return new CommandLine(new JunctionCommand())
                .addSubcommand(new RunCommand(launcher, machineHostname, defaultUpstreams))
                .addSubcommand(new RulesCommand(machineHostname))
                .addSubcommand(new ExplainCommand(machineHostname))
                .addSubcommand(new DemoCommand())
                .addSubcommand(new DnsCommand(dns, machineHostname, defaultUpstreams))
                .setParameterExceptionHandler(JunctionCommand::printUsageError)
                .setExecutionExceptionHandler(JunctionCommand::printFailure);
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

    /**
     * A command that could not run: one line naming what failed and why (each cause's message), exit 2 for a mode
     * this build lacks, else 1. The stack trace goes to the debug log, for developers.
     */
    private static int printFailure(Exception e, CommandLine failed, ParseResult parsed) {
        StringBuilder line = new StringBuilder("junction: ").append(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            line.append(": ").append(cause.getMessage());
        }
        failed.getErr().println(line);
        failed.getErr().flush();
        LoggerFactory.getLogger(JunctionCommand.class).debug("command failed", e);
        return e instanceof UnsupportedSettingException ? EXIT_USAGE : EXIT_FAILURE;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JunctionCommand.class.getPackage().getImplementationVersion();
            return new String[] {"junction " + (version == null ? "(development build)" : version)};
        }
    }
}
