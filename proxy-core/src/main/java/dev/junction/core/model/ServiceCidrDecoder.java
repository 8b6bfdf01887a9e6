package dev.junction.core.model;

import static dev.junction.core.model.DecodeContext.listOrEmpty;

import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import java.util.List;

/**
 * Turns a Fabric8 {@link ServiceCIDR} into a {@link ServiceCidrInfo}.
 *
 * <p>An entry of {@code spec.cidrs} that does not parse is dropped on its own and reported in
 * {@link Decoded#dropped()}; the object's valid entries still count. kube-proxy's {@code OnServiceCIDRsChanged} passes
 * the strings through unparsed, so one bad string would fail its whole nftables transaction; dropping only that entry
 * keeps every other prefix guarded. An object being deleted still counts until it is gone, as kube-proxy takes every
 * object its lister holds. Stateless and thread-safe.
 */
public final class ServiceCidrDecoder {

    static final String KIND = "ServiceCIDR";

    private ServiceCidrDecoder() {
    }

    /** @throws InvalidObjectException only when the object has no name */
    public static Decoded<ServiceCidrInfo> decode(ServiceCIDR serviceCidr) throws InvalidObjectException {
        DecodeContext context = DecodeContext.of(KIND, serviceCidr);
        List<String> raw = serviceCidr.getSpec() == null ? List.of() : listOrEmpty(serviceCidr.getSpec().getCidrs());
        return context.result(new ServiceCidrInfo(context.ref().name(), context.cidrs("spec.cidrs", raw)));
    }
}
