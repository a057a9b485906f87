/**
 * Pushwire's WebSocket engine (RFC 6455 on Netty, permessage-deflate per RFC 7692), shared by the server and the
 * Java client. The public part is the configuration ({@link dev.pushwire.websocket.DeflateOptions}); connections are
 * used through {@link dev.pushwire.core.Connection}.
 *
 * <p>The engine itself lives in {@code dev.pushwire.websocket.internal}: {@code WebSocketConnection} (the
 * {@code Connection} over a Netty channel), {@code WebSocketFrameHandler} (aggregation, UTF-8, control frames,
 * heartbeat), {@code WebSocketPipeline} (decoder settings and handler placement for either role) and
 * {@code DeflateNegotiation}. Everything there runs on the channel's event loop; {@code WebSocketConnection}'s
 * public methods may be called from any thread.
 */
package dev.pushwire.websocket;
