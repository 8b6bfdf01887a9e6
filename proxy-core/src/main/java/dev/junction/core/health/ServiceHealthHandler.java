package dev.junction.core.health;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request on one Service's {@code healthCheckNodePort}, whatever its method or path, as kube-proxy's
 * service {@code hcHandler} does. Shared by all connections of the Service's listeners; runs on the event loop, so
 * {@code answer} must not block.
 */
@ChannelHandler.Sharable
final class ServiceHealthHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(ServiceHealthHandler.class);

    private final Supplier<ServiceHealthResponse> answer;

    ServiceHealthHandler(Supplier<ServiceHealthResponse> answer) {
        this.answer = answer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            ctx.close();
            return;
        }
        ServiceHealthResponse health = answer.get();
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), health.body());
        FullHttpResponse response = new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.valueOf(health.code()), body);
        HealthResponse.HEADERS.forEach(response.headers()::set);
        response.headers()
                .set(ServiceHealthResponse.ENDPOINT_WEIGHT_HEADER, health.localEndpoints())
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A broken probe connection concerns only itself: close it, keep the listener. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("health check connection failed remote={}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
