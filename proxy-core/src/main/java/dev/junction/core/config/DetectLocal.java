package dev.junction.core.config;

import java.util.Optional;

/**
 * How to tell local pod traffic apart (kube-proxy's {@code detectLocalMode} plus {@code detectLocal}). A bridge
 * or interface prefix is required when the mode uses it.
 */
public record DetectLocal(
        DetectLocalMode mode, Optional<String> bridgeInterface, Optional<String> interfaceNamePrefix) {

    public DetectLocal {
        requireFor(mode, DetectLocalMode.BRIDGE_INTERFACE, bridgeInterface,
                "detectLocal.bridgeInterface or --pod-bridge-interface");
        requireFor(mode, DetectLocalMode.INTERFACE_NAME_PREFIX, interfaceNamePrefix,
                "detectLocal.interfaceNamePrefix or --pod-interface-name-prefix");
    }

    private static void requireFor(DetectLocalMode mode, DetectLocalMode needing, Optional<String> value,
                                   String setBy) {
        if (mode == needing && value.filter(v -> !v.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("(expected: with " + setBy + ")");
        }
    }
}
