package dev.junction.userspace.balance;

/**
 * Which frontend a connection reached and from where: decides whether a Service port's Cluster or Local endpoints
 * serve it, exactly as kube-proxy's KUBE-SVC/KUBE-SVL/KUBE-EXT chains do.
 */
public enum Origin {
    /** To the ClusterIP: internalTrafficPolicy applies. */
    INTERNAL,
    /** To a NodePort, externalIP or load-balancer IP from outside the cluster: externalTrafficPolicy applies. */
    EXTERNAL,
    /**
     * To an external frontend from a pod or from this node: kube-proxy's eTP=Local short-circuit ("pod traffic for
     * … external destinations", "route LOCAL traffic …") sends it to the Cluster endpoints whatever the policy.
     */
    EXTERNAL_FROM_CLUSTER
}
