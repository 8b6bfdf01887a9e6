package dev.junction.daemonset;

import dev.junction.core.config.ProxyMode;

/** {@code --proxy-mode} names a mode this build has no data plane for. */
final class UnsupportedModeException extends Exception {

    UnsupportedModeException(ProxyMode mode) {
        super("--proxy-mode " + mode.cliName() + ": not available in this build of junction (available: iptables)");
    }
}
