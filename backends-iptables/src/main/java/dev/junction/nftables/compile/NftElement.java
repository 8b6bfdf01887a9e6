package dev.junction.nftables.compile;

import java.util.Optional;

/**
 * One element of one of our sets or maps.
 *
 * @param key      the key as nft writes it, e.g. {@code 198.18.0.10 . tcp . 80}
 * @param verdict  the verdict of a map element ({@code goto service-...}, {@code drop}); empty in a plain set
 * @param comment  the Service port it belongs to, where kube-proxy writes one
 */
public record NftElement(NftMap map, String key, Optional<String> verdict, Optional<String> comment) {

    static NftElement ofSet(NftMap map, String key) {
        return new NftElement(map, key, Optional.empty(), Optional.empty());
    }

    static NftElement ofMap(NftMap map, String key, String verdict) {
        return new NftElement(map, key, Optional.of(verdict), Optional.empty());
    }

    NftElement withComment(String text) {
        return new NftElement(map, key, verdict, Optional.of(text));
    }

    /** Elements with the same identity occupy the same slot: a map holds one verdict per key. */
    public Identity identity() {
        return new Identity(map, key);
    }

    /** Which slot an element occupies. */
    public record Identity(NftMap map, String key) {
    }
}
