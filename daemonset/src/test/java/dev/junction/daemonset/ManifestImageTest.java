package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The DaemonSet runs the image that daemonset/image/build tags, so a version bump cannot leave the manifest behind. */
class ManifestImageTest {

    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s+image:\\s*(\\S+)\\s*$");

    @Test
    void theDaemonSetRunsTheImageTheBuildScriptTags() throws IOException {
        String manifest = Files.readString(Path.of("manifests/junction.yaml"));
        Matcher image = IMAGE.matcher(manifest);

        assertThat(image.find()).as("an image: line in manifests/junction.yaml").isTrue();
        assertThat(image.group(1)).isEqualTo("junction:" + System.getProperty("junction.version"));
        assertThat(image.find()).as("a second image: line").isFalse();
    }
}
