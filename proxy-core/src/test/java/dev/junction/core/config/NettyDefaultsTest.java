package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

    private static final String SAMPLING = "io.netty.leakDetection.samplingInterval";
    private static final String LOW_MEMORY = "io.netty.allocator.lowMemory";

    private final Map<String, String> operatorValues = new HashMap<>();

    @BeforeEach
    void clearProperties() {
        for (String property : NettyDefaults.PROPERTIES.keySet()) {
            operatorValues.put(property, System.clearProperty(property));
        }
    }

    @AfterEach
    void restoreProperties() {
        operatorValues.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }

    @Test
    void nettySamplesOneBufferInAThousandAndPoolsLargeBuffersUnlessToldOtherwise() {
        NettyDefaults.apply();

        assertThat(System.getProperty(SAMPLING)).isEqualTo("1024");
        assertThat(System.getProperty(LOW_MEMORY)).isEqualTo("false");
    }

    @Test
    void anOperatorsSettingIsKeptAndTheOthersStillApply() {
        System.setProperty(SAMPLING, "1");

        NettyDefaults.apply();

        assertThat(System.getProperty(SAMPLING)).isEqualTo("1");
        assertThat(System.getProperty(LOW_MEMORY)).isEqualTo("false");
    }
}
