package dev.junction.core.health;

import static dev.junction.core.health.ServiceHealthFixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.model.ObjectRef;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceHealthResponseTest {

    record Case(String name, int localEndpoints, boolean proxyHealthy, int code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("local endpoints and a healthy proxy: 200", 3, true, 200),
                new Case("no local endpoint: 503", 0, true, 503),
                new Case("an unhealthy proxy fails the probe despite local endpoints", 3, false, 503),
                new Case("neither: 503", 0, false, 503));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void answersOkOnlyWithLocalEndpointsAndAHealthyProxy(Case c) throws Exception {
        ServiceHealthResponse response = new ServiceHealthResponse(WEB, c.localEndpoints(), c.proxyHealthy());

        assertThat(response.code()).isEqualTo(c.code());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.at("/service/namespace").asText()).isEqualTo("ns1");
        assertThat(body.at("/service/name").asText()).isEqualTo("web");
        assertThat(body.at("/localEndpoints").asInt()).isEqualTo(c.localEndpoints());
        assertThat(body.at("/serviceProxyHealthy").asBoolean()).isEqualTo(c.proxyHealthy());
    }

    @Test
    void bodyIsKubeProxysDedentedTemplateByteForByte() {
        assertThat(new ServiceHealthResponse(WEB, 2, true).body()).isEqualTo("""
                {
                \t"service": {
                \t\t"namespace": "ns1",
                \t\t"name": "web"
                \t},
                \t"localEndpoints": 2,
                \t"serviceProxyHealthy": true
                }""");
    }

    @Test
    void quotesNamesAsGoDoes() {
        String body = new ServiceHealthResponse(new ObjectRef("a\"b", "c\\d"), 0, false).body();

        assertThat(body).contains("\"namespace\": \"a\\\"b\"", "\"name\": \"c\\\\d\"");
    }
}
