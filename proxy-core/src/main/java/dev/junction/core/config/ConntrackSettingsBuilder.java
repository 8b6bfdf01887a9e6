package dev.junction.core.config;

import static dev.junction.core.config.Setting.nonNegative;
import static dev.junction.core.config.Setting.nonNegativeInt;
import static dev.junction.core.config.Setting.orDefault;
import static dev.junction.core.config.Setting.valueOr;

import java.time.Duration;

/** The {@code conntrack.*} part of {@link ProxyConfigBuilder}; the same rules apply (origins, later wins). */
public final class ConntrackSettingsBuilder {

    private Setting<Integer> maxPerCore;
    private Setting<Integer> min;
    private Setting<Duration> tcpEstablishedTimeout;
    private Setting<Duration> tcpCloseWaitTimeout;
    private Setting<Boolean> tcpBeLiberal;
    private Setting<Duration> udpTimeout;
    private Setting<Duration> udpStreamTimeout;

    ConntrackSettingsBuilder() {
    }

    public ConntrackSettingsBuilder maxPerCore(int value, String origin) {
        maxPerCore = new Setting<>(value, origin);
        return this;
    }

    public ConntrackSettingsBuilder min(int value, String origin) {
        min = new Setting<>(value, origin);
        return this;
    }

    public ConntrackSettingsBuilder tcpEstablishedTimeout(Duration value, String origin) {
        tcpEstablishedTimeout = new Setting<>(value, origin);
        return this;
    }

    public ConntrackSettingsBuilder tcpCloseWaitTimeout(Duration value, String origin) {
        tcpCloseWaitTimeout = new Setting<>(value, origin);
        return this;
    }

    public ConntrackSettingsBuilder tcpBeLiberal(boolean value, String origin) {
        tcpBeLiberal = new Setting<>(value, origin);
        return this;
    }

    public ConntrackSettingsBuilder udpTimeout(Duration value, String origin) {
        udpTimeout = new Setting<>(value, origin);
        return this;
    }

    public ConntrackSettingsBuilder udpStreamTimeout(Duration value, String origin) {
        udpStreamTimeout = new Setting<>(value, origin);
        return this;
    }

    ConntrackSettings build() throws InvalidConfigException {
        return new ConntrackSettings(
                nonNegativeInt(orDefault(maxPerCore, 32 * 1024, "conntrack.maxPerCore")),
                nonNegativeInt(orDefault(min, 128 * 1024, "conntrack.min")),
                nonNegative(orDefault(tcpEstablishedTimeout, Duration.ofHours(24), "conntrack.tcpEstablished")),
                nonNegative(orDefault(tcpCloseWaitTimeout, Duration.ofHours(1), "conntrack.tcpCloseWait")),
                valueOr(tcpBeLiberal, false),
                nonNegative(orDefault(udpTimeout, Duration.ZERO, "conntrack.udpTimeout")),
                nonNegative(orDefault(udpStreamTimeout, Duration.ZERO, "conntrack.udpStreamTimeout")));
    }
}
