package dev.junction.core.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short commands for the kernel-tier harness, never through a shell, always with a deadline. */
public final class Commands {

    private static final long TIMEOUT_SECONDS = 30;

    private Commands() {
    }

    public static CommandResult run(List<String> command) {
        return run(command, null);
    }

    /** Runs {@code command} with {@code stdin} (may be null), waiting at most 30 s. */
    public static CommandResult run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            return new CommandResult(List.copyOf(command), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /** Whether {@code program} is on the PATH (or an absolute path that exists). */
    public static boolean isInstalled(String program) {
        return run(List.of("sh", "-c", "command -v \"$0\" >/dev/null", program)).succeeded();
    }

    static CompletableFuture<String> drain(InputStream stream) {
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
}
