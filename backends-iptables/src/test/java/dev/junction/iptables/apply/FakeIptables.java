package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link Iptables}: a minimal model of each family's tables, changed by restore input as
 * {@code iptables-restore --noflush} would ({@code :CHAIN} declares or flushes, {@code -A} appends, {@code -X}
 * deletes), and by the ensure calls. Records every restore; {@link #failNextRestore()} makes the next one fail and
 * change nothing. Rules are kept as the text after the chain name. Not thread-safe.
 */
final class FakeIptables implements Iptables {

    /** One restore call, successful or not. */
    record Restore(IpFamily family, String input) {
    }

    private final Map<IpFamily, Map<String, Map<String, List<String>>>> tables = new HashMap<>();
    private final List<Restore> restores = new ArrayList<>();
    private boolean failNext;

    @Override
    public IptablesFlavor flavor() {
        return IptablesFlavor.LEGACY;
    }

    @Override
    public void restore(IpFamily family, String input) throws IptablesException {
        restores.add(new Restore(family, input));
        if (failNext) {
            failNext = false;
            throw new IptablesException(List.of("iptables-restore", "--noflush"), 1,
                    "iptables-restore: line 2 failed", "");
        }
        Map<String, Map<String, List<String>>> updated = copy(tables(family));
        Map<String, List<String>> table = null;
        for (String line : input.split("\n")) {
            if (line.startsWith("*")) {
                table = updated.computeIfAbsent(line.substring(1), name -> new LinkedHashMap<>());
            } else if (line.startsWith(":")) {
                table.put(line.substring(1, line.indexOf(' ')), new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                String[] chainAndRule = line.substring(3).split(" ", 2);
                table.get(chainAndRule[0]).add(chainAndRule.length > 1 ? chainAndRule[1] : "");
            } else if (line.startsWith("-X ")) {
                table.remove(line.substring(3));
            }
        }
        tables.put(family, updated);
    }

    @Override
    public String save(IpFamily family, String table) {
        StringBuilder out = new StringBuilder("*").append(table).append('\n');
        Map<String, List<String>> chains = table(family, table);
        chains.keySet().forEach(chain -> out.append(':').append(chain).append(" - [0:0]\n"));
        chains.forEach((chain, rules) -> rules.forEach(rule -> out.append("-A ").append(chain).append(' ')
                .append(rule).append('\n')));
        return out.append("COMMIT\n").toString();
    }

    @Override
    public void ensureChain(IpFamily family, String table, String chain) {
        table(family, table).computeIfAbsent(chain, name -> new ArrayList<>());
    }

    @Override
    public void ensureRuleFirst(IpFamily family, String table, String chain, List<String> rule) {
        List<String> rules = table(family, table).computeIfAbsent(chain, name -> new ArrayList<>());
        String text = String.join(" ", rule);
        if (!rules.contains(text)) {
            rules.addFirst(text);
        }
    }

    @Override
    public boolean chainExists(IpFamily family, String table, String chain) {
        return table(family, table).containsKey(chain);
    }

    /** The next restore throws an {@link IptablesException} and changes nothing. */
    void failNextRestore() {
        failNext = true;
    }

    /** Deletes a chain behind the backend's back, as an admin's {@code iptables -X} would. */
    void deleteChain(IpFamily family, String table, String chain) {
        table(family, table).remove(chain);
    }

    /** The rules of a chain, each as the text after {@code -A CHAIN }; empty when the chain does not exist. */
    List<String> rules(IpFamily family, String table, String chain) {
        return List.copyOf(table(family, table).getOrDefault(chain, List.of()));
    }

    List<String> chains(IpFamily family, String table) {
        return List.copyOf(table(family, table).keySet());
    }

    List<Restore> restores() {
        return List.copyOf(restores);
    }

    Restore lastRestore(IpFamily family) {
        return restores.reversed().stream().filter(r -> r.family() == family).findFirst().orElseThrow();
    }

    private Map<String, Map<String, List<String>>> tables(IpFamily family) {
        return tables.computeIfAbsent(family, f -> new LinkedHashMap<>());
    }

    private Map<String, List<String>> table(IpFamily family, String table) {
        return tables(family).computeIfAbsent(table, name -> new LinkedHashMap<>());
    }

    private static Map<String, Map<String, List<String>>> copy(Map<String, Map<String, List<String>>> original) {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        original.forEach((table, chains) -> {
            Map<String, List<String>> chainsCopy = new LinkedHashMap<>();
            chains.forEach((chain, rules) -> chainsCopy.put(chain, new ArrayList<>(rules)));
            copy.put(table, chainsCopy);
        });
        return copy;
    }
}
