package dev.junction.daemonset;

import dev.junction.core.backend.Backend;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.health.ProxyHealth;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the data plane for {@code --proxy-mode}. */
@FunctionalInterface
interface DataPlanes {

    /**
     * @param requestFullSync called (from any thread) when the data plane finds its rules damaged
     * @throws UnsupportedSettingException when this build has no data plane for the mode
     */
    Backend create(ProxyConfig config, MeterRegistry registry, ProxyHealth health, Runnable requestFullSync)
            throws Exception;
}
