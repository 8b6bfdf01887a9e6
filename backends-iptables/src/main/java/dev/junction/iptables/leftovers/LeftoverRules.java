package dev.junction.iptables.leftovers;

import dev.junction.iptables.compile.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code iptables-restore --noflush} input that removes a mode's chains from one table, from that table's
 * {@code iptables-save} output: each owned chain is flushed, each rule elsewhere that jumps or goes to one is deleted
 * (the jumps from PREROUTING, INPUT and the other built-in chains), then the owned chains are deleted. One restore, so
 * the table never holds a jump to a deleted chain. Pure.
 */
public final class LeftoverRules {

    private LeftoverRules() {
    }

    /** Empty when the table holds none of the owned chains. */
    public static Optional<String> restoreInput(Table table, String save, Predicate<String> owned) {
        Set<String> chains = new LinkedHashSet<>();
        List<String> references = new ArrayList<>();
        for (String line : save.lines().toList()) {
            if (line.startsWith(":")) {
                String chain = line.substring(1).split(" ", 2)[0];
                if (owned.test(chain)) {
                    chains.add(chain);
                }
            } else if (line.startsWith("-A ")) {
                String[] words = line.split(" ");
                if (!owned.test(words[1]) && jumpTarget(words).filter(owned).isPresent()) {
                    references.add("-D " + line.substring(3));
                }
            }
        }
        if (chains.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder input = new StringBuilder("*").append(table.iptablesName()).append('\n');
        chains.forEach(chain -> input.append(':').append(chain).append(" - [0:0]\n"));
        references.forEach(rule -> input.append(rule).append('\n'));
        chains.forEach(chain -> input.append("-X ").append(chain).append('\n'));
        return Optional.of(input.append("COMMIT\n").toString());
    }

    private static Optional<String> jumpTarget(String[] words) {
        for (int i = 2; i < words.length - 1; i++) {
            if (words[i].equals("-j") || words[i].equals("-g")) {
                return Optional.of(words[i + 1]);
            }
        }
        return Optional.empty();
    }
}
