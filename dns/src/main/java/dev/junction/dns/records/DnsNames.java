package dev.junction.dns.records;

/**
 * Which names the zone can hold: labels of 1-63 octets of lower-case letters, digits, {@code -} and {@code _}, at
 * most 255 octets on the wire. The API server validates Service names, namespaces, hostnames and external names to
 * this or stricter, but objects from {@code --source} files are not validated, and one bad name must not corrupt a
 * reply.
 */
final class DnsNames {

    private static final int MAX_LABEL = 63;
    private static final int MAX_PRESENTATION = 254; // 255 octets on the wire, with the root label

    private DnsNames() {
    }

    /** True for an absolute, lower-case name (trailing dot) that can be written on the wire as it is. */
    static boolean isValid(String name) {
        if (name.length() < 2 || name.length() > MAX_PRESENTATION || !name.endsWith(".")) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if (isLabelCharacter(c) && ++labelLength <= MAX_LABEL) {
                continue;
            } else {
                return false;
            }
        }
        return true;
    }

    /** True for one label (no dots) that {@link #isValid} accepts. */
    static boolean isValidLabel(String label) {
        return label.indexOf('.') < 0 && isValid(label + ".");
    }

    private static boolean isLabelCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
