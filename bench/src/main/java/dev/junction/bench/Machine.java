package dev.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the numbers were measured on, printed at the top of every run: ratios only compare within one machine. */
final class Machine {

    private Machine() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("date:      " + Instant.now());
        lines.add("cpus:      " + Runtime.getRuntime().availableProcessors() + " (nproc)");
        lines.add("kernel:    " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        lines.add("loadavg:   " + read(Path.of("/proc/loadavg")) + " (other builds share this machine)");
        lines.add("java:      " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        lines.add("iptables:  " + output("iptables-legacy", "--version") + " / " + output("iptables-nft", "--version"));
        lines.add("user:      " + System.getProperty("user.name")
                + (isRoot() ? "" : " (not root: the kernel scenarios are skipped)"));
        return lines;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? text : "unavailable";
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
