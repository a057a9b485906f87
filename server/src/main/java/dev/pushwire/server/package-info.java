/**
 * The Pushwire server: {@link dev.pushwire.server.PushwireServer} serves WebSocket endpoints, the emulated HTTP
 * transports, plain HTTP routes and static files on one port, on Netty (native epoll where available).
 *
 * <p>Threading: handlers ({@link dev.pushwire.server.ConnectionHandler}, {@link dev.pushwire.server.HttpHandler},
 * {@link dev.pushwire.server.UpgradeHook}) and connection listeners run on event loops and must not block; every
 * method of the server and of a connection may be called from any thread. Close codes and HTTP statuses are listed
 * in docs/websocket.md.
 */
package dev.pushwire.server;
