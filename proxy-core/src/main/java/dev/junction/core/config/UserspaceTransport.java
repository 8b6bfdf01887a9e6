package dev.junction.core.config;

/**
 * Which Netty transport the userspace mode runs on ({@code --userspace-transport}). {@link #AUTO} takes io_uring where
 * the kernel offers it (fewest system calls per connection), else native epoll, else NIO; naming one makes it a
 * requirement, for hosts that restrict io_uring or to rule it out when chasing a problem. On epoll, TCP bytes are
 * relayed with {@code splice(2)}, kernel to kernel.
 */
public enum UserspaceTransport {
    AUTO("auto"),
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    private final String cliName;

    UserspaceTransport(String cliName) {
        this.cliName = cliName;
    }

    public static UserspaceTransport parse(String text) {
        return EnumSpelling.parse(values(), text);
    }

    @Override
    public String toString() {
        return cliName;
    }
}
