package dev.junction.nftables.compile;

import dev.junction.core.net.IpFamily;
import java.util.Collection;

/**
 * The text of one {@code nft -f} transaction on our table, built command by command: the only writer of nft commands.
 * The kernel applies a transaction atomically: all of it or, on any error, nothing. Not thread-safe.
 */
public final class NftTransaction {

    public static final String TABLE = "kube-proxy";
    /** Elements per {@code add element} command: keeps lines short enough to read in an error report. */
    private static final int ELEMENTS_PER_COMMAND = 500;

    private final StringBuilder text = new StringBuilder();
    private final String table;
    private int commands;

    public NftTransaction(IpFamily family) {
        this.table = NftRuleWriter.familyKeyword(family) + " " + TABLE;
    }

    /** Removes the table if it exists: adding an existing table changes nothing, so the transaction cannot fail. */
    public static NftTransaction tableRemoval(IpFamily family) {
        NftTransaction removal = new NftTransaction(family);
        removal.command("add table " + removal.table);
        removal.command("delete table " + removal.table);
        return removal;
    }

    public String text() {
        return text.toString();
    }

    public boolean isEmpty() {
        return commands == 0;
    }

    /** Commands written so far (the {@code kubeproxy_sync_proxy_rules_nftables_...} sizes count these). */
    public int commandCount() {
        return commands;
    }

    void addTable() {
        command("add table " + table + " { comment \"rules for kube-proxy\" ; }");
    }

    /** Empties every chain of the table; sets and maps keep their elements. */
    void flushTable() {
        command("flush table " + table);
    }

    void addBaseChain(BaseChain chain) {
        command("add chain " + table + " " + chain.chainName() + " { " + chain.declaration() + " }");
    }

    void addChain(String chain) {
        command("add chain " + table + " " + chain);
    }

    void flushChain(String chain) {
        command("flush chain " + table + " " + chain);
    }

    public void deleteChain(String chain) {
        command("delete chain " + table + " " + chain);
    }

    void addRules(NftChain chain) {
        for (String rule : chain.rules()) {
            command("add rule " + table + " " + chain.name() + " " + rule);
        }
    }

    void addSet(NftMap map, IpFamily family) {
        command("add " + kind(map) + " " + table + " " + map.setName() + " { type " + map.type(family)
                + " ; comment \"" + map.comment() + "\" ; }");
    }

    void flushSet(NftMap map) {
        command("flush " + kind(map) + " " + table + " " + map.setName());
    }

    void deleteSet(NftMap map) {
        command("delete " + kind(map) + " " + table + " " + map.setName());
    }

    /** "dynamic" because the {@code update} statement adds to it from the packet path. */
    void addAffinitySet(AffinitySet set, IpFamily family) {
        command("add set " + table + " " + set.name() + " { type " + NftMap.CLUSTER_IPS.type(family)
                + " ; flags dynamic,timeout ; timeout " + set.timeoutSeconds() + "s ; }");
    }

    void deleteAffinitySet(String name) {
        command("delete set " + table + " " + name);
    }

    void addElements(NftMap map, Collection<NftElement> elements) {
        writeElements("add", map, elements, true);
    }

    void deleteElements(NftMap map, Collection<NftElement> elements) {
        writeElements("delete", map, elements, false);
    }

    private void writeElements(String verb, NftMap map, Collection<NftElement> elements, boolean withValues) {
        int inCommand = 0;
        for (NftElement element : elements) {
            if (inCommand == 0) {
                text.append(verb).append(" element ").append(table).append(' ').append(map.setName()).append(" { ");
            } else {
                text.append(", ");
            }
            text.append(element.key());
            if (withValues) {
                element.comment().ifPresent(c -> text.append(" comment \"").append(c).append('"'));
                element.verdict().ifPresent(v -> text.append(" : ").append(v));
            }
            if (++inCommand == ELEMENTS_PER_COMMAND) {
                endElements();
                inCommand = 0;
            }
        }
        if (inCommand > 0) {
            endElements();
        }
    }

    private void endElements() {
        text.append(" }\n");
        commands++;
    }

    private static String kind(NftMap map) {
        return map.isVerdictMap() ? "map" : "set";
    }

    private void command(String line) {
        text.append(line).append('\n');
        commands++;
    }
}
