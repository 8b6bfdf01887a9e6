package dev.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws {@code bench/run-dns}'s results: reads the CSV the script wrote ({@code server,qps,...,p99_ms,...}) and
 * writes {@code dns-qps.png} next to it.
 */
public final class DnsChart {

    /** One server's line of the CSV. */
    record Row(String server, double qps, String p99Millis) {

        static Row parse(String line) {
            String[] fields = line.split(",", -1);
            if (fields.length < 8) {
                throw new IllegalArgumentException("DNS results line \"" + line + "\": expected at least 8 fields");
            }
            return new Row(fields[0], Double.parseDouble(fields[1]), fields[7]);
        }
    }

    private DnsChart() {
    }

    /** {@code DnsChart <dns.csv>}: writes dns-qps.png into the CSV's directory. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DnsChart <dns.csv>, got " + args.length + " arguments");
        }
        Path csv = Path.of(args[0]);
        List<Row> rows = Files.readAllLines(csv).stream().skip(1).filter(line -> !line.isBlank())
                .map(Row::parse).toList();
        new Charts(csv.toAbsolutePath().getParent()).dnsQps(rows);
    }
}
