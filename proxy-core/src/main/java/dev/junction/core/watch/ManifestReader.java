package dev.junction.core.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns manifest files into Fabric8 objects. A file holds one or more documents (YAML separated by {@code ---}, or
 * JSON values one after another); a document is an object or a {@code kind: List}, whose items are taken in order.
 * Empty documents are skipped. Objects of every kind are returned; {@link ManifestSelection} picks the ones served.
 *
 * <p>Not thread-safe; a {@link FileSource} uses it from its one thread.
 */
final class ManifestReader {

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ObjectMapper yaml = new YAMLMapper();
    private final ObjectMapper json = new JsonMapper();

    /** All objects of all files, files in name order. Fails on the first broken file. */
    List<HasMetadata> read(SourceFiles files) throws ManifestException {
        List<HasMetadata> objects = new ArrayList<>();
        for (Map.Entry<Path, String> file : files.inNameOrder().entrySet()) {
            objects.addAll(readFile(file.getKey(), file.getValue()));
        }
        return objects;
    }

    private List<HasMetadata> readFile(Path file, String content) throws ManifestException {
        ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? json : yaml;
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(content)) {
            while (documents.hasNextValue()) {
                int line = documents.getParser().currentTokenLocation().getLineNr();
                JsonNode document = documents.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    objects.addAll(toObjects(file, line, document));
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ManifestException(file, line, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ManifestException(file, 0, e.getMessage(), e);
        }
        return objects;
    }

    private List<HasMetadata> toObjects(Path file, int line, JsonNode document) throws ManifestException {
        if (!document.isObject()) {
            throw new ManifestException(file, line, "document is a " + document.getNodeType()
                    + " (expected: a Kubernetes object with apiVersion and kind)", null);
        }
        KubernetesResource resource;
        try {
            resource = serialization.convertValue(document, KubernetesResource.class);
        } catch (RuntimeException e) { // Jackson reports IllegalArgumentException, Fabric8's deserializers their own
            throw new ManifestException(file, line, describeFailure(document, e), e);
        }
        List<HasMetadata> objects = switch (resource) {
            case KubernetesResourceList<?> list -> List.<HasMetadata>copyOf(list.getItems());
            case HasMetadata object -> List.of(object);
            case null, default -> throw new ManifestException(file, line, "document of kind "
                    + document.path("kind").asText("<none>") + " is not a Kubernetes object (expected: metadata)",
                    null);
        };
        for (HasMetadata object : objects) {
            if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                throw new ManifestException(file, line, object.getKind() + " without metadata.name"
                        + " (expected: every object named)", null);
            }
        }
        return objects;
    }

    private static String describeFailure(JsonNode document, RuntimeException e) {
        String name = document.path("metadata").path("name").asText("<unnamed>");
        return document.path("kind").asText("<no kind>") + " " + name + " does not deserialize: " + e.getMessage();
    }
}
