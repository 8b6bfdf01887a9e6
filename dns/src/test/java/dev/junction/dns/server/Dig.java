package dev.junction.dns.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code dig} (dnsutils) as a real client and splits its output into header, flags and section lines. */
final class Dig {

    private static final Path DIG = Path.of("/usr/bin/dig");

    private Dig() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(DIG), "needs dig (Debian package dnsutils) as a real DNS client");
    }

    /** The output of {@code dig @server -p port args...}, one try, two seconds. */
    static Result query(InetSocketAddress server, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DIG.toString(), "@" + server.getHostString(),
                "-p", Integer.toString(server.getPort()), "+tries=1", "+time=2"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("dig did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(output);
    }

    /** dig's output; records are normalised to single spaces. */
    record Result(String output) {

        String status() {
            int at = output.indexOf("status: ");
            return at < 0 ? "NO REPLY" : output.substring(at + 8, output.indexOf(',', at));
        }

        /** The header flags, such as {@code qr aa rd}. */
        String flags() {
            int at = output.indexOf(";; flags: ");
            return at < 0 ? "" : output.substring(at + 10, output.indexOf(';', at + 10)).trim();
        }

        /** The records of one section: ANSWER, AUTHORITY or ADDITIONAL. */
        List<String> section(String name) {
            List<String> records = new ArrayList<>();
            boolean inside = false;
            for (String line : output.lines().toList()) {
                if (line.startsWith(";; " + name + " SECTION:")) {
                    inside = true;
                } else if (inside && (line.isBlank() || line.startsWith(";"))) {
                    inside = false;
                } else if (inside) {
                    records.add(line.trim().replaceAll("\\s+", " "));
                }
            }
            return records;
        }

        /** The question line as echoed, without the leading semicolon. */
        String question() {
            List<String> lines = output.lines().toList();
            for (int i = 0; i < lines.size() - 1; i++) {
                if (lines.get(i).startsWith(";; QUESTION SECTION:")) {
                    return lines.get(i + 1).substring(1).trim().replaceAll("\\s+", " ");
                }
            }
            return "";
        }
    }
}
