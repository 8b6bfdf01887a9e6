package dev.junction.daemonset.container;

import dev.junction.core.process.ChildProcesses;
import dev.junction.core.process.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The image under test, built once per test JVM by {@code daemonset/image/build} from the jar Maven just packaged. The
 * script caches the root filesystem and the Java runtime, so only a cold first run takes about a minute and a half.
 */
final class JunctionImage {

    private static final Logger log = LoggerFactory.getLogger(JunctionImage.class);
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(5);

    private static String name; // guarded by JunctionImage.class

    private JunctionImage() {
    }

    /** Why the container tier cannot run here, or null when a Docker engine answers. */
    static String unavailableReason() {
        // Testcontainers reads these from the environment only; without them it looks for a registry image (Ryuk)
        // and for the engine's default bridge, which `--bridge=none` removes.
        if (System.getenv("TESTCONTAINERS_RYUK_DISABLED") == null
                || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
            return "needs TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=localhost"
                    + " (mvn verify sets them for failsafe, which runs this tier)";
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return "needs a Docker engine (scripts/setup starts one as root:"
                    + " dockerd --iptables=false --ip-forward=false --bridge=none)";
        }
        return null;
    }

    /** Builds the image on first use and returns its name, such as {@code junction:0.1.0-SNAPSHOT}. */
    static synchronized String name() {
        if (name == null) {
            // Failsafe passes both paths; the defaults hold when the test runs from the daemonset directory.
            Path script = Path.of(System.getProperty("junction.image.build", "image/build"));
            Path jar = Path.of(System.getProperty("junction.jar", "target/junction.jar"));
            CommandResult build = ChildProcesses.run(List.of(script.toString(), "--jar", jar.toString()), "",
                    BUILD_DEADLINE);
            List<String> printed = build.orThrow().lines().toList();
            if (printed.isEmpty()) {
                throw new IllegalStateException(script + " printed no image name (expected: junction:<version>)");
            }
            name = printed.getLast();
            log.info("image {} built in {} ms:\n{}", name, build.elapsed().toMillis(), build.stderr().strip());
        }
        return name;
    }
}
