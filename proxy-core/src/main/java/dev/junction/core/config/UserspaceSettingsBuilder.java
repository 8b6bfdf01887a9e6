package dev.junction.core.config;

import static dev.junction.core.config.Setting.nonNegative;
import static dev.junction.core.config.Setting.nonNegativeInt;
import static dev.junction.core.config.Setting.orDefault;
import static dev.junction.core.config.Setting.positive;
import static dev.junction.core.config.Setting.positiveInt;
import static dev.junction.core.config.Setting.valueOr;

import java.time.Duration;

/** The {@code --userspace-*} part of {@link ProxyConfigBuilder}; the same rules apply (origins, later wins). */
public final class UserspaceSettingsBuilder {

    /** Netty takes a connect timeout in int milliseconds. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private Setting<UserspaceTransport> transport;
    private Setting<BalanceMode> balance;
    private Setting<Duration> connectTimeout;
    private Setting<Integer> connectAttempts;
    private Setting<Duration> idleTimeout;
    private Setting<Integer> maxConnections;
    private Setting<Duration> udpIdleTimeout;
    private Setting<Integer> udpMaxFlows;
    private Setting<Integer> ejectAfter;
    private Setting<Duration> ejectFor;
    private Setting<Duration> drainTimeout;

    UserspaceSettingsBuilder() {
    }

    public UserspaceSettingsBuilder transport(UserspaceTransport value, String origin) {
        transport = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder balance(BalanceMode value, String origin) {
        balance = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder connectTimeout(Duration value, String origin) {
        connectTimeout = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder connectAttempts(int value, String origin) {
        connectAttempts = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder idleTimeout(Duration value, String origin) {
        idleTimeout = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder maxConnections(int value, String origin) {
        maxConnections = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder udpIdleTimeout(Duration value, String origin) {
        udpIdleTimeout = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder udpMaxFlows(int value, String origin) {
        udpMaxFlows = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder ejectAfter(int value, String origin) {
        ejectAfter = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder ejectFor(Duration value, String origin) {
        ejectFor = new Setting<>(value, origin);
        return this;
    }

    public UserspaceSettingsBuilder drainTimeout(Duration value, String origin) {
        drainTimeout = new Setting<>(value, origin);
        return this;
    }

    UserspaceSettings build() throws InvalidConfigException {
        UserspaceSettings d = UserspaceSettings.DEFAULT;
        Setting<Duration> connect = orDefault(connectTimeout, d.connectTimeout(), "userspace.connectTimeout");
        if (positive(connect).compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            throw connect.invalid("(expected: at most " + GoDuration.format(MAX_CONNECT_TIMEOUT) + ")");
        }
        return new UserspaceSettings(
                valueOr(transport, d.transport()),
                valueOr(balance, d.balance()),
                connect.value(),
                positiveInt(orDefault(connectAttempts, d.connectAttempts(), "userspace.connectAttempts")),
                positive(orDefault(idleTimeout, d.idleTimeout(), "userspace.idleTimeout")),
                nonNegativeInt(orDefault(maxConnections, d.maxConnections(), "userspace.maxConnections")),
                positive(orDefault(udpIdleTimeout, d.udpIdleTimeout(), "userspace.udpIdleTimeout")),
                positiveInt(orDefault(udpMaxFlows, d.udpMaxFlows(), "userspace.udpMaxFlows")),
                positiveInt(orDefault(ejectAfter, d.ejectAfter(), "userspace.ejectAfter")),
                positive(orDefault(ejectFor, d.ejectFor(), "userspace.ejectFor")),
                nonNegative(orDefault(drainTimeout, d.drainTimeout(), "userspace.drainTimeout")));
    }
}
