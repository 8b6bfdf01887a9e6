package dev.junction.daemonset;

import dev.junction.core.config.NettyDefaults;
import java.util.Set;

/** The {@code junction} executable: runs the command line and exits with its code. */
public final class Main {

    /** Commands whose stdout is their result, so that it can be piped or redirected: logs must not mix into it. */
    private static final Set<String> ONE_SHOT_COMMANDS = Set.of("rules", "explain");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && ONE_SHOT_COMMANDS.contains(args[0])) {
            // Read by logback.xml; set before the first logger exists, which configures logging.
            System.setProperty("junction.log.target", "System.err");
            System.setProperty("junction.log.defaultLevel", "WARN");
        }
        NettyDefaults.apply();
        System.exit(JunctionCommand.create(new Agent(new KernelDataPlanes())).execute(args));
    }
}
