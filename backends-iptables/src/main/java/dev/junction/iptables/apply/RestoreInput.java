package dev.junction.iptables.apply;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the input line that {@code iptables-restore} blamed, with context, for error reports. */
public final class RestoreInput {

    /** Parse errors say "Error occurred at line: N"; a failed COMMIT says "line N failed". */
    private static final Pattern FAILED_LINE = Pattern.compile("(?:Error occurred at line: (\\d+))|(?:line (\\d+) failed)");
    private static final int CONTEXT_LINES = 3;

    private RestoreInput() {
    }

    /**
     * The blamed line of {@code input}, marked with {@code >}, and up to three lines either side, each numbered;
     * "" when stderr names no line.
     */
    static String contextOfFailure(String input, String stderr) {
        Matcher matcher = FAILED_LINE.matcher(stderr);
        if (!matcher.find()) {
            return "";
        }
        return linesAround(input, Integer.parseInt(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)));
    }

    /** Line {@code failed} (1-based) of {@code input}, marked with {@code >}, and up to three lines either side. */
    public static String linesAround(String input, int failed) {
        String[] lines = input.split("\n", -1);
        int from = Math.max(1, failed - CONTEXT_LINES);
        int to = Math.min(lines.length, failed + CONTEXT_LINES);
        StringBuilder out = new StringBuilder();
        for (int n = from; n <= to; n++) {
            out.append(n == failed ? "> " : "  ").append(n).append(": ").append(lines[n - 1]).append('\n');
        }
        return out.toString();
    }
}
