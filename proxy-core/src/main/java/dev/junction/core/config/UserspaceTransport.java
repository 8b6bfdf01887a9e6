package dev.junction.core.config;

import java.util.Locale;

/**
 * Which Netty transport the userspace mode runs on ({@code --userspace-transport}). {@link #AUTO} takes io_uring where
 * the kernel offers it (fewest system calls per connection), else native epoll, else NIO; naming one makes it a
 * requirement, for hosts that restrict io_uring or to rule it out when chasing a problem. On epoll, TCP bytes are
 * relayed with {@code splice(2)}, kernel to kernel.
 */
public enum UserspaceTransport {
    AUTO,
    IO_URING,
    EPOLL,
    NIO;

    public static UserspaceTransport parse(String text) {
        return EnumSpelling.parse(values(), text);
    }

    /** The spelling of {@code --userspace-transport}: the name in lower case ({@code io_uring}). */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
