package dev.junction.daemonset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's hostname as Go's {@code os.Hostname} reads it on Linux (the kernel's UTS name), which kube-proxy
 * lower-cases into the node name when there is no {@code --hostname-override}.
 */
final class MachineHostname {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private MachineHostname() {
    }

    static String read() {
        try {
            if (Files.isReadable(KERNEL_HOSTNAME)) {
                return Files.readString(KERNEL_HOSTNAME).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this machine's hostname", e);
        }
    }
}
