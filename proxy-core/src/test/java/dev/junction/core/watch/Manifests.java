package dev.junction.core.watch;

import java.util.Arrays;
import java.util.stream.Collectors;

/** YAML fixtures for the watch tests: small documents, addresses from 198.18.0.0/15. */
final class Manifests {

    private Manifests() {
    }

    static String service(String namespace, String name, String clusterIp, String... labels) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                %s%s
                spec:
                  clusterIP: %s
                  ports:
                    - name: http
                      port: 80
                      protocol: TCP
                """.formatted(name, namespaceLine(namespace), labelLines(labels), clusterIp);
    }

    static String endpointSlice(String namespace, String name, String podIp, String... labels) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s
                %s%s
                addressType: IPv4
                ports:
                  - name: http
                    port: 8080
                    protocol: TCP
                endpoints:
                  - addresses: [%s]
                    nodeName: node-a
                    conditions: {ready: true}
                """.formatted(name, namespaceLine(namespace), labelLines(labels), podIp);
    }

    static String node(String name) {
        return """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels:
                    topology.kubernetes.io/zone: zone-a
                """.formatted(name);
    }

    static String namespace(String name) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                """.formatted(name);
    }

    static String serviceCidr(String name, String... cidrs) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: ServiceCIDR
                metadata:
                  name: %s
                spec:
                  cidrs: [%s]
                """.formatted(name, String.join(", ", cidrs));
    }

    static String documents(String... documents) {
        return String.join("---\n", documents);
    }

    private static String namespaceLine(String namespace) {
        return namespace == null ? "" : "  namespace: " + namespace + "\n";
    }

    /** {@code "key=value"} pairs under {@code metadata.labels}. */
    private static String labelLines(String... labels) {
        if (labels.length == 0) {
            return "";
        }
        return "  labels:\n" + Arrays.stream(labels).map(label -> label.split("=", 2))
                .map(kv -> "    " + kv[0] + ": \"" + kv[1] + "\"\n").collect(Collectors.joining());
    }
}
