package dev.pushwire.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat and an echo on Pushwire's Spring Boot starter: the hub at {@code /pushwire} with the channel {@code chat}
 * open to anonymous clients, {@link EchoEndpoint} at {@code /echo}, and {@code POST /announce} (Spring MVC) to
 * publish to the channel from the server. Actuator's health and Prometheus endpoints are on.
 *
 * <pre>
 * java -jar examples/spring-boot/target/pushwire-spring-boot-example.jar --server.port=8080 --pushwire.port=8081
 * ./pushwire connect ws://localhost:8081/echo
 * curl localhost:8080/actuator/health
 * </pre>
 */
@SpringBootApplication
public class ChatApplication {
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
