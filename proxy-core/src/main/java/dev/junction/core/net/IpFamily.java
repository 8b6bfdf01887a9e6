package dev.junction.core.net;

/** An IP family, named as Kubernetes names it in {@code ipFamilies} and EndpointSlice {@code addressType}. */
public enum IpFamily {
    IPV4("IPv4", 32),
    IPV6("IPv6", 128);

    private final String kubernetesName;
    private final int bits;

    IpFamily(String kubernetesName, int bits) {
        this.kubernetesName = kubernetesName;
        this.bits = bits;
    }

    /** The spelling used by the Kubernetes API and by kube-proxy's {@code ip_family} metric label. */
    public String kubernetesName() {
        return kubernetesName;
    }

    public int bits() {
        return bits;
    }

    @Override
    public String toString() {
        return kubernetesName;
    }
}
