package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Random and mutated query messages, reproducible from a seed. */
public final class Fuzz {

    private static final List<String> NAMES = List.of("web.ns1.svc.cluster.local", "example.org",
            "_http._tcp.web.ns1.svc.cluster.local", "10.0.18.198.in-addr.arpa", "cluster.local");

    private final Random random;

    public Fuzz(long seed) {
        this.random = new Random(seed);
    }

    /** Either random octets (0-600 of them) or a valid query with a few octets flipped, cut or extended. */
    public byte[] next() {
        if (random.nextInt(4) == 0) {
            byte[] noise = new byte[random.nextInt(601)];
            random.nextBytes(noise);
            return noise;
        }
        ByteBuf query = Queries.query(random.nextInt(0x10000), random.nextBoolean() ? Queries.RD : 0,
                NAMES.get(random.nextInt(NAMES.size())), random.nextInt(300), random.nextInt(4),
                random.nextBoolean() ? random.nextInt(5000) : -1, random.nextInt(3));
        byte[] bytes = ByteBufUtil.getBytes(query);
        query.release();
        return mutate(bytes);
    }

    private byte[] mutate(byte[] bytes) {
        int mutations = random.nextInt(4);
        byte[] out = bytes;
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(4)) {
                case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                case 2 -> out = Arrays.copyOf(out, out.length + random.nextInt(40));
                default -> {
                    if (out.length > 14) { // a compression pointer somewhere in the question
                        int at = 12 + random.nextInt(out.length - 13);
                        out[at] = (byte) (0xc0 | random.nextInt(0x40));
                        out[at + 1] = (byte) random.nextInt(256);
                    }
                }
            }
            if (out.length == 0) {
                return out;
            }
        }
        return out;
    }
}
