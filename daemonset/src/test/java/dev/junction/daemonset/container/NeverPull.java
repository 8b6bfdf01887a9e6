package dev.junction.daemonset.container;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * The container tier's pull policy (named in {@code testcontainers.properties}): every image is built on this machine,
 * so a missing one is a build failure to report, never something to fetch from a registry.
 */
public final class NeverPull implements ImagePullPolicy {

    @Override
    public boolean shouldPull(DockerImageName imageName) {
        return false;
    }
}
