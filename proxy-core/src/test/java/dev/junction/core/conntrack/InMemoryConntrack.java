package dev.junction.core.conntrack;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A conntrack table in memory, for the unit tier: deletes by original tuple, as the kernel does. */
final class InMemoryConntrack implements Conntrack {

    private final List<ConntrackFlow> table = new ArrayList<>();
    private final Runnable onList;
    private ConntrackException listFailure;
    private ConntrackFlow undeletable;

    /** @param onList runs at every listing, e.g. to advance a mock clock */
    InMemoryConntrack(List<ConntrackFlow> flows, Runnable onList) {
        table.addAll(flows);
        this.onList = onList;
    }

    void failListingWith(ConntrackException failure) {
        listFailure = failure;
    }

    /** Deleting this flow fails with EPERM, after the others are deleted. */
    void refuseToDelete(ConntrackFlow flow) {
        undeletable = flow;
    }

    List<ConntrackFlow> table() {
        return List.copyOf(table);
    }

    @Override
    public List<ConntrackFlow> listUdp(IpFamily family) {
        onList.run();
        if (listFailure != null) {
            throw listFailure;
        }
        return table.stream().filter(f -> f.protocol() == Protocol.UDP && f.family() == family).toList();
    }

    @Override
    public Optional<ConntrackFlow> findByReply(Protocol protocol, List<ConntrackFlow.Tuple> replies) {
        return replies.stream().flatMap(reply -> table.stream()
                .filter(f -> f.protocol() == protocol && f.reply().equals(reply))).findFirst();
    }

    @Override
    public int delete(List<ConntrackFlow> flows) {
        int deleted = 0;
        for (ConntrackFlow flow : flows) {
            if (!flow.equals(undeletable) && table.removeIf(f -> f.original().equals(flow.original()))) {
                deleted++;
            }
        }
        if (flows.contains(undeletable)) {
            throw new ConntrackException("conntrack delete: 1 of " + flows.size() + " flows failed, first "
                    + undeletable + ": errno 1 (EPERM)", deleted, null);
        }
        return deleted;
    }
}
