package dev.junction.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a config file, read the way kube-proxy's strict decoder reads it: every field must be known, and
 * each value must have its field's type. Absent fields and YAML {@code null} read as empty. Errors name the file,
 * the field's dotted path and the value.
 */
final class ConfigSection {

    private final String file;
    private final String path;
    private final JsonNode node;

    private ConfigSection(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The document's top-level mapping. */
    static ConfigSection root(String file, JsonNode node) throws InvalidConfigException {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new InvalidConfigException(file + ": empty file (expected: a KubeProxyConfiguration)");
        }
        if (!node.isObject()) {
            throw new InvalidConfigException(file + ": not a mapping (expected: a KubeProxyConfiguration)");
        }
        return new ConfigSection(file, "", node);
    }

    /** A nested mapping; an absent one reads as empty. */
    ConfigSection section(String field) throws InvalidConfigException {
        JsonNode child = node.path(field);
        if (child.isMissingNode() || child.isNull()) {
            return new ConfigSection(file, pathOf(field), MissingNode.getInstance());
        }
        if (!child.isObject()) {
            throw invalid(field, child, "(expected: a mapping)");
        }
        return new ConfigSection(file, pathOf(field), child);
    }

    /**
     * Fails on the first field that is neither {@code used} nor {@code ignored}; returns the ignored fields that are
     * set, as dotted paths.
     */
    List<String> checkFields(Set<String> used, Set<String> ignored) throws InvalidConfigException {
        List<String> ignoredPresent = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (ignored.contains(name) && !node.get(name).isNull()) {
                ignoredPresent.add(pathOf(name));
            } else if (!used.contains(name) && !ignored.contains(name)) {
                throw new InvalidConfigException(origin(name) + " unknown field (expected: a "
                        + KubeProxyConfigurationLoader.KIND + " " + KubeProxyConfigurationLoader.API_VERSION
                        + " field)");
            }
        }
        return ignoredPresent;
    }

    /** Where a field's value came from, as the builder and error messages spell it. */
    String origin(String field) {
        return file + ": " + pathOf(field) + ":";
    }

    Optional<String> text(String field) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (isAbsent(value)) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(field, value, "(expected: a string)");
        }
        return Optional.of(value.textValue());
    }

    /** A non-empty string; empty means unset, as for Go's zero value. */
    Optional<String> nonEmptyText(String field) throws InvalidConfigException {
        return text(field).filter(s -> !s.isEmpty());
    }

    Optional<Boolean> bool(String field) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (isAbsent(value)) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw invalid(field, value, "(expected: true or false)");
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Integer> int32(String field) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (isAbsent(value)) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(field, value, "(expected: a 32-bit integer)");
        }
        return Optional.of(value.intValue());
    }

    Optional<Duration> duration(String field) throws InvalidConfigException {
        return parsed(field, GoDuration::parse);
    }

    /** A non-empty string converted by {@code parser}, whose {@link IllegalArgumentException} becomes the reason. */
    <T> Optional<T> parsed(String field, Function<String, T> parser) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (!isAbsent(value) && !value.isTextual()) {
            throw invalid(field, value, parseReason(parser, value.asText()));
        }
        Optional<String> text = nonEmptyText(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.forValue(origin(field), text.get(), e);
        }
    }

    /** A list of strings; absent and null read as empty. */
    List<String> strings(String field) throws InvalidConfigException {
        JsonNode value = node.path(field);
        if (isAbsent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field, value, "(expected: a list of strings)");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw invalid(field, value, "(expected: a list of strings)");
            }
            result.add(element.textValue());
        }
        return result;
    }

    private static boolean isAbsent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static String parseReason(Function<String, ?> parser, String text) {
        try {
            parser.apply(text);
            return "(expected: a string)";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private InvalidConfigException invalid(String field, JsonNode value, String reason) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return InvalidConfigException.forValue(origin(field), text, reason);
    }

    private String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
