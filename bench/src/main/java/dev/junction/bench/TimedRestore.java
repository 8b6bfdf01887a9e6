package dev.junction.bench;

import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.apply.IptablesFlavor.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Times one {@code iptables-restore -w 5 --noflush --counters} (the arguments {@code ProcessIptables} uses) inside a
 * namespace, with a deadline that also covers feeding the input. {@code ProcessIptables} starts its deadline only
 * once all input is written, and the nf_tables flavor reads its input as slowly as it applies it, so through the
 * gateway a 5,000-Service nft restore ran for minutes past its deadline.
 */
final class TimedRestore {

    private TimedRestore() {
    }

    /** The restore's duration, or empty when {@code deadline} passed first (the process is then killed). */
    static Optional<Duration> run(IptablesFlavor flavor, String namespace, String input, Duration deadline)
            throws IOException, InterruptedException {
        List<String> command = List.of("ip", "netns", "exec", namespace, flavor.binary(IpFamily.IPV4, Tool.RESTORE),
                "-w", "5", "--noflush", "--counters");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = drain(process.getInputStream());
        Thread.ofVirtual().start(() -> feed(process.getOutputStream(), input));
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            return Optional.empty();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": "
                    + output.join().strip());
        }
        return Optional.of(took);
    }

    private static void feed(OutputStream stdin, String input) {
        try (stdin) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The process died or was killed at its deadline: run() reports that through its exit.
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
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
}
