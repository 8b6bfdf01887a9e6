package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeakDetectionSamplingTest {

    private String operatorValue;

    @BeforeEach
    void saveProperty() {
        operatorValue = System.clearProperty(LeakDetectionSampling.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (operatorValue == null) {
            System.clearProperty(LeakDetectionSampling.PROPERTY);
        } else {
            System.setProperty(LeakDetectionSampling.PROPERTY, operatorValue);
        }
    }

    @Test
    void nettySamplesOneBufferInAThousandForLeaksUnlessToldOtherwise() {
        LeakDetectionSampling.applyDefault();

        assertThat(System.getProperty(LeakDetectionSampling.PROPERTY)).isEqualTo("1024");
    }

    @Test
    void anOperatorsSamplingIntervalIsKept() {
        System.setProperty(LeakDetectionSampling.PROPERTY, "1");

        LeakDetectionSampling.applyDefault();

        assertThat(System.getProperty(LeakDetectionSampling.PROPERTY)).isEqualTo("1");
    }
}
