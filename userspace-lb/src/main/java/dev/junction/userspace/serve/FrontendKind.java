package dev.junction.userspace.serve;

/** How connections reach a Service port's listener. */
enum FrontendKind {
    /** Redirected by the nat rules from the ClusterIP, an externalIP or a load-balancer IP to the proxy port. */
    REDIRECTED,
    /** Straight to the NodePort, on which the listener binds the node's addresses. */
    NODE_PORT
}
