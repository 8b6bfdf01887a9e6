package dev.junction.dns.records;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;

/** The RDATA of one resource record, by type; names are absolute, lower-case, with a trailing dot. */
public sealed interface RecordData {

    int type();

    /** The RDATA in dig's presentation format. */
    String present();

    /** A or AAAA, by the address family. */
    static RecordData address(IpAddress address) {
        return address.family() == IpFamily.IPV4 ? new A(address) : new Aaaa(address);
    }

    record A(IpAddress address) implements RecordData {
        public A {
            if (address.family() != IpFamily.IPV4) {
                throw new IllegalArgumentException("A record address " + address + " (expected: IPv4)");
            }
        }

        @Override
        public int type() {
            return RecordType.A;
        }

        @Override
        public String present() {
            return address.toString();
        }
    }

    record Aaaa(IpAddress address) implements RecordData {
        public Aaaa {
            if (address.family() != IpFamily.IPV6) {
                throw new IllegalArgumentException("AAAA record address " + address + " (expected: IPv6)");
            }
        }

        @Override
        public int type() {
            return RecordType.AAAA;
        }

        @Override
        public String present() {
            return address.toString();
        }
    }

    record Cname(String target) implements RecordData {
        @Override
        public int type() {
            return RecordType.CNAME;
        }

        @Override
        public String present() {
            return target;
        }
    }

    record Ptr(String target) implements RecordData {
        @Override
        public int type() {
            return RecordType.PTR;
        }

        @Override
        public String present() {
            return target;
        }
    }

    record Ns(String target) implements RecordData {
        @Override
        public int type() {
            return RecordType.NS;
        }

        @Override
        public String present() {
            return target;
        }
    }

    record Srv(int priority, int weight, int port, String target) implements RecordData {
        @Override
        public int type() {
            return RecordType.SRV;
        }

        @Override
        public String present() {
            return priority + " " + weight + " " + port + " " + target;
        }
    }

    /** One character-string of up to 255 octets. */
    record Txt(String text) implements RecordData {
        public Txt {
            if (text.length() > 255) {
                throw new IllegalArgumentException("TXT string of " + text.length() + " octets (expected: <= 255)");
            }
        }

        @Override
        public int type() {
            return RecordType.TXT;
        }

        @Override
        public String present() {
            return "\"" + text + "\"";
        }
    }

    record Soa(String mname, String rname, long serial, long refresh, long retry, long expire, long minimum)
            implements RecordData {
        @Override
        public int type() {
            return RecordType.SOA;
        }

        @Override
        public String present() {
            return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire + " " + minimum;
        }
    }
}
