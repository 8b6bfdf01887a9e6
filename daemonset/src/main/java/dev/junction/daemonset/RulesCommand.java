package dev.junction.daemonset;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.config.ProxyMode;
import dev.junction.nftables.apply.NftFullSyncPreview;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code junction rules}: prints the iptables-restore input (or, with {@code --proxy-mode nftables}, the nft
 * transaction) the agent would apply on a full sync of {@code --source}, per IP family, without touching the kernel.
 * In userspace mode, the steering rules, with the listeners' proxy ports numbered from 1.
 */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = {
            "Print the iptables-restore input (or with --proxy-mode nftables the nft -f transaction) the agent would"
                    + " apply on a full sync, without touching the kernel. With --proxy-mode userspace, the REDIRECT"
                    + " and firewall rules that steer to its listeners, their proxy ports numbered from 1.",
            "IPv4 first, then IPv6 when --source has IPv6 Services, each after a '# IPv4' or '# IPv6' line."})
final class RulesCommand implements Callable<Integer> {

    private final Supplier<String> machineHostname;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigFlags configFlags;

    @Mixin
    private OfflineNode offline;

    RulesCommand(Supplier<String> machineHostname) {
        this.machineHostname = machineHostname;
    }

    @Override
    public Integer call() throws SyncFailedException {
        OfflineNode.Loaded loaded = offline.load(configFlags, spec.commandLine(), machineHostname,
                EnumSet.of(ProxyMode.IPTABLES, ProxyMode.NFTABLES, ProxyMode.USERSPACE));
        String rules = switch (loaded.config().mode()) {
            case NFTABLES -> new NftFullSyncPreview(loaded.settings(), loaded.facts()).script(loaded.snapshot());
            case USERSPACE -> loaded.userspace().restoreInput();
            default -> loaded.preview().restoreInput(loaded.snapshot());
        };
        spec.commandLine().getOut().print(rules);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
