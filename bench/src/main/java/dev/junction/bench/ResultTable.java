package dev.junction.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's results: printed as an aligned table and written as CSV (header row, then one row per line of the
 * table) under the results directory.
 */
final class ResultTable {

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    ResultTable(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(title + ": row of " + values.length + " values (expected: "
                    + columns.size() + ", for " + columns + ")");
        }
        List<String> row = new ArrayList<>();
        for (Object value : values) {
            row.add(String.valueOf(value));
        }
        rows.add(row);
    }

    void print(PrintStream out) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println();
        out.println("== " + title);
        out.println(line(columns, widths));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", columns));
        rows.forEach(row -> lines.add(String.join(",", row.stream().map(ResultTable::csvField).toList())));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(String.format("%" + widths[c] + "s", cells.get(c))).append(c + 1 < cells.size() ? "  " : "");
        }
        return line.toString();
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
