package dev.pushwire.client.internal;

import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Resolves host names off the event loops. The JDK resolver blocks (for seconds when a DNS server does not answer),
 * and Netty's default resolver calls it on the event loop, where it would stall every client sharing that loop.
 * IP literals are converted at once, without a lookup. Lookups run on at most 4 daemon threads that end when idle.
 * Thread-safe.
 */
public final class HostResolver {
    private static final ExecutorService LOOKUPS = lookups();

    private HostResolver() {
    }

    private static ExecutorService lookups() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("pushwire-client-dns", true));
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** The address of {@code host}; fails with {@link UnknownHostException} when it does not resolve. */
    public static CompletableFuture<InetAddress> resolve(String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByAddress(host, literal));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e); // not reached: the literal has a valid length
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, LOOKUPS);
    }
}
