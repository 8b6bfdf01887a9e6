package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakCheckExtensionTest {

    @Test
    void aBufferThatIsNeverReleasedFailsTheCheck() {
        leakOneBuffer();

        assertThatThrownBy(() -> new LeakCheckExtension().afterEach(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Netty leak reports");
    }

    /** In its own frame, so that no local variable keeps the buffer reachable. */
    private static void leakOneBuffer() {
        ByteBufAllocator.DEFAULT.buffer(16).writeInt(42);
    }
}
