package dev.junction.nftables.compile;

import dev.junction.core.model.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a compiled table into one transaction: a full rewrite, or the difference for the Services that changed since
 * the objects the kernel holds. Pure.
 *
 * <p>Chains that fall out of use are flushed, not deleted: before Linux 6.2 the kernel may still count a reference from
 * a map element deleted in the same transaction, so kube-proxy deletes them in a later sync; so does the caller, with
 * {@link #staleChains()}. Affinity sets are deleted at once: only rules refer to them, and those are flushed first.
 *
 * <p>Elements of a {@linkplain NftMap#isShared() shared} set may belong to several Services; they are counted, added
 * with their first holder and deleted with their last.
 *
 * @param transaction   the commands to run
 * @param staleChains   our chains this transaction empties and that nothing refers to afterwards
 * @param sharedCounts  how the transaction changes each shared element's holder count (for a full sync: the counts)
 */
public record NftSyncPlan(NftTransaction transaction, Set<String> staleChains,
        Map<NftElement.Identity, Integer> sharedCounts) {

    /**
     * Rewrites the whole table: every rule is flushed and written again and every map refilled, while the affinity
     * sets keep their clients. {@code kernelChains} and {@code kernelSets} are what the table held before (from
     * {@code nft list}); ours that the new table lacks are stale.
     */
    public static NftSyncPlan full(NftRuleset ruleset, Collection<String> kernelChains, Collection<String> kernelSets) {
        NftTransaction tx = new NftTransaction(ruleset.family());
        tx.addTable();
        tx.flushTable();
        for (BaseChain base : BaseChain.values()) {
            tx.addBaseChain(base);
        }
        Set<String> baseNames = new HashSet<>();
        for (BaseChain base : BaseChain.values()) {
            baseNames.add(base.chainName());
        }
        ruleset.topChains().stream().filter(c -> !baseNames.contains(c.name())).forEach(c -> tx.addChain(c.name()));
        for (NftMap map : NftMap.values()) {
            tx.addSet(map, ruleset.family());
            if (map == NftMap.NODEPORT_IPS && !ruleset.usesNodePortIps()) {
                tx.deleteSet(map);
            } else {
                tx.flushSet(map);
            }
        }
        Set<String> activeSets = new HashSet<>();
        Set<String> activeChains = new HashSet<>();
        for (ServiceObjects service : ruleset.services().values()) {
            service.affinitySets().forEach(set -> {
                tx.addAffinitySet(set, ruleset.family());
                activeSets.add(set.name());
            });
            service.chains().forEach(chain -> {
                tx.addChain(chain.name());
                activeChains.add(chain.name());
            });
        }
        ruleset.topChains().forEach(tx::addRules);
        ruleset.services().values().forEach(service -> service.chains().forEach(tx::addRules));
        Map<NftMap, List<NftElement>> elements = new EnumMap<>(NftMap.class);
        Map<NftElement.Identity, Integer> counts = new HashMap<>();
        ruleset.topElements().forEach(e -> elements.computeIfAbsent(e.map(), m -> new ArrayList<>()).add(e));
        ruleset.services().values().forEach(service -> service.elements().forEach(e -> {
            if (!e.map().isShared() || counts.merge(e.identity(), 1, Integer::sum) == 1) {
                elements.computeIfAbsent(e.map(), m -> new ArrayList<>()).add(e);
            }
        }));
        elements.forEach(tx::addElements);
        kernelSets.stream().filter(NftNames::isAffinitySet).filter(set -> !activeSets.contains(set)).sorted()
                .forEach(tx::deleteAffinitySet);
        Set<String> stale = new TreeSet<>();
        kernelChains.stream().filter(NftNames::isServiceChain).filter(c -> !activeChains.contains(c))
                .forEach(stale::add); // already emptied by the table flush
        return new NftSyncPlan(tx, stale, counts);
    }

    /**
     * Rewrites only what differs, for the Services in {@code ruleset} (a partial compile) and those in
     * {@code changed} that it no longer has: element by element, chain by chain. {@code applied} holds what the
     * kernel has for each Service now, {@code appliedTop} the top-level elements, {@code sharedCounts} how many
     * Services hold each shared element.
     */
    public static NftSyncPlan partial(NftRuleset ruleset, Set<ObjectRef> changed,
            Map<ObjectRef, ServiceObjects> applied, List<NftElement> appliedTop,
            Map<NftElement.Identity, Integer> sharedCounts) {
        NftTransaction tx = new NftTransaction(ruleset.family());
        Map<NftMap, List<NftElement>> deletes = new EnumMap<>(NftMap.class);
        Map<NftMap, List<NftElement>> adds = new EnumMap<>(NftMap.class);
        diffElements(appliedTop, ruleset.topElements(), deletes, adds);
        List<NftChain> rewritten = new ArrayList<>();
        Set<String> stale = new TreeSet<>();
        Set<String> staleSets = new TreeSet<>();
        Map<NftElement.Identity, Integer> delta = new HashMap<>();
        Map<NftElement.Identity, NftElement> sharedElements = new HashMap<>();
        for (ObjectRef ref : new TreeSet<>(changed)) {
            ServiceObjects before = applied.getOrDefault(ref, ServiceObjects.NONE);
            ServiceObjects after = ruleset.services().getOrDefault(ref, ServiceObjects.NONE);
            diffElements(owned(before.elements()), owned(after.elements()), deletes, adds);
            countShared(before.elements(), -1, delta, sharedElements);
            countShared(after.elements(), 1, delta, sharedElements);
            Map<String, List<String>> oldChains = new HashMap<>();
            before.chains().forEach(c -> oldChains.put(c.name(), c.rules()));
            Set<String> newChains = new HashSet<>();
            for (NftChain chain : after.chains()) {
                newChains.add(chain.name());
                if (!chain.rules().equals(oldChains.get(chain.name()))) {
                    rewritten.add(chain);
                }
            }
            before.chains().stream().map(NftChain::name).filter(c -> !newChains.contains(c)).forEach(stale::add);
            Map<String, AffinitySet> oldSets = new HashMap<>();
            before.affinitySets().forEach(s -> oldSets.put(s.name(), s));
            after.affinitySets().stream().filter(s -> !s.equals(oldSets.remove(s.name())))
                    .forEach(s -> tx.addAffinitySet(s, ruleset.family()));
            staleSets.addAll(oldSets.keySet());
        }
        delta.values().removeIf(d -> d == 0);
        delta.forEach((identity, change) -> {
            int held = sharedCounts.getOrDefault(identity, 0);
            NftElement element = sharedElements.get(identity);
            if (held == 0 && change > 0) {
                adds.computeIfAbsent(element.map(), m -> new ArrayList<>()).add(element);
            } else if (held > 0 && held + change <= 0) {
                deletes.computeIfAbsent(element.map(), m -> new ArrayList<>()).add(element);
            }
        });
        deletes.forEach(tx::deleteElements);
        rewritten.forEach(chain -> {
            tx.addChain(chain.name());
            tx.flushChain(chain.name());
        });
        rewritten.forEach(tx::addRules);
        adds.forEach(tx::addElements);
        stale.forEach(tx::flushChain);
        staleSets.forEach(tx::deleteAffinitySet);
        return new NftSyncPlan(tx, stale, delta);
    }

    private static List<NftElement> owned(List<NftElement> elements) {
        return elements.stream().filter(e -> !e.map().isShared()).toList();
    }

    private static void countShared(List<NftElement> elements, int change, Map<NftElement.Identity, Integer> delta,
            Map<NftElement.Identity, NftElement> byIdentity) {
        for (NftElement element : elements) {
            if (element.map().isShared()) {
                delta.merge(element.identity(), change, Integer::sum);
                byIdentity.putIfAbsent(element.identity(), element);
            }
        }
    }

    /** A changed verdict or comment is a delete plus an add: {@code add element} leaves an existing key alone. */
    private static void diffElements(List<NftElement> before, List<NftElement> after,
            Map<NftMap, List<NftElement>> deletes, Map<NftMap, List<NftElement>> adds) {
        Set<NftElement> oldElements = new HashSet<>(before);
        Set<NftElement> newElements = new HashSet<>(after);
        after.stream().filter(e -> !oldElements.contains(e))
                .forEach(e -> adds.computeIfAbsent(e.map(), m -> new ArrayList<>()).add(e));
        before.stream().filter(e -> !newElements.contains(e))
                .forEach(e -> deletes.computeIfAbsent(e.map(), m -> new ArrayList<>()).add(e));
    }
}
