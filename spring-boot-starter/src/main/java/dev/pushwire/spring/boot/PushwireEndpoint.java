package dev.pushwire.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Mounts a {@link dev.pushwire.server.ConnectionHandler} bean on the Pushwire server at a path: WebSocket and the
 * HTTP fallbacks ({@code ?transport=sse|longpolling|polling}) alike.
 *
 * <pre>{@code
 * @Component
 * @PushwireEndpoint("/echo")
 * class Echo implements ConnectionHandler {
 *     public void onConnection(Connection conn) {
 *         conn.onMessage(msg -> conn.send(msg, null));
 *     }
 * }
 * }</pre>
 *
 * Put it on the class of a component, or on a {@code @Bean} method that returns a {@code ConnectionHandler}. The
 * endpoints are mounted when the server starts (with the application context); a path used twice, a path without a
 * leading {@code /}, or the annotation on a bean that is not a {@code ConnectionHandler} stops the application at
 * start with a message naming the bean.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PushwireEndpoint {
    /** The path, exact match, e.g. {@code /chat}. */
    String value();

    /** Subprotocols this endpoint speaks, most preferred first (see {@code EndpointOptions.subprotocols}). */
    String[] subprotocols() default {};
}
