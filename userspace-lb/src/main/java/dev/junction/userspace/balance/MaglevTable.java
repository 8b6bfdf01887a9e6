package dev.junction.userspace.balance;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016, section 3.4): a lookup table of prime size M in which each
 * backend fills slots along its own permutation {@code (offset + j * skip) mod M}, the backends taking turns, so that
 * each owns about M/N slots and removing one backend moves only the slots it owned (about 1/N of the keys).
 * Immutable and thread-safe once built.
 */
final class MaglevTable {

    /** The paper's table size: 65,537 slots keep the imbalance under 1% for hundreds of endpoints. */
    static final int DEFAULT_SIZE = 65_537;

    private static final long OFFSET_SEED = 0x9E3779B97F4A7C15L;
    private static final long SKIP_SEED = 0xC2B2AE3D27D4EB4FL;
    private static final long KEY_SEED = 0x165667B19E3779F9L;

    private final char[] slots;

    /**
     * @param names the backends' stable names, in index order (at most 65,535); the same names in any order give the
     *              same owner for each name
     * @param size  the table size: a prime larger than the number of names
     */
    MaglevTable(List<String> names, int size) {
        if (names.isEmpty() || names.size() > Character.MAX_VALUE) {
            throw new IllegalArgumentException("Maglev backends " + names.size() + " (expected: 1-65535)");
        }
        if (size <= names.size() || !BigInteger.valueOf(size).isProbablePrime(32)) {
            throw new IllegalArgumentException(
                    "Maglev table size " + size + " (expected: a prime larger than " + names.size() + ")");
        }
        this.slots = populate(names, size);
    }

    /** The index (in the constructor's list) of the backend that owns {@code key}. */
    int lookup(byte[] key) {
        return slots[(int) Long.remainderUnsigned(hash(key, KEY_SEED), slots.length)];
    }

    int size() {
        return slots.length;
    }

    private static char[] populate(List<String> names, int size) {
        int backends = names.size();
        long[] offset = new long[backends];
        long[] skip = new long[backends];
        for (int i = 0; i < backends; i++) {
            byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
            offset[i] = Long.remainderUnsigned(hash(name, OFFSET_SEED), size);
            skip[i] = Long.remainderUnsigned(hash(name, SKIP_SEED), size - 1) + 1;
        }
        char[] slots = new char[size];
        boolean[] taken = new boolean[size];
        long[] next = new long[backends];
        // Turns go in name order, so that the owners do not depend on the order the names came in.
        int[] turns = IntStream.range(0, backends).boxed().sorted(Comparator.comparing(names::get))
                .mapToInt(Integer::intValue).toArray();
        int filled = 0;
        while (true) {
            for (int i : turns) {
                int slot = (int) ((offset[i] + next[i] * skip[i]) % size);
                while (taken[slot]) {
                    next[i]++;
                    slot = (int) ((offset[i] + next[i] * skip[i]) % size);
                }
                taken[slot] = true;
                slots[slot] = (char) i;
                next[i]++;
                if (++filled == size) {
                    return slots;
                }
            }
        }
    }

    /** FNV-1a over the bytes, then MurmurHash3's 64-bit finalizer so that nearby keys spread over the table. */
    static long hash(byte[] bytes, long seed) {
        long h = 0xCBF29CE484222325L ^ seed;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
