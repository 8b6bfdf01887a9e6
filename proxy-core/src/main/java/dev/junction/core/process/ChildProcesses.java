package dev.junction.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process the one way Junction does: never through a shell, its input fed and its output and error
 * drained each on a virtual thread of its own (a full pipe on one stream can never block the other, or the wait), and
 * a deadline over the whole run, input included. A process still running at the deadline is killed.
 */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * @throws UncheckedIOException when the program cannot be started (not installed, not executable)
     */
    public static CommandResult run(List<String> command, String stdin, Duration deadline) {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        feed(process.getOutputStream(), stdin);
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new CommandResult(command, -1, "", "timed out after " + deadline.toMillis() + " ms",
                        elapsedSince(start), true);
            }
            return new CommandResult(command, process.exitValue(), out.join(), err.join(), elapsedSince(start), false);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandResult(command, -1, "", "interrupted", elapsedSince(start), false);
        }
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

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
