package dev.pushwire.spring.boot;

import dev.pushwire.server.ConnectionHandler;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;

/** Finds the {@link PushwireEndpoint} beans of a context and checks them. */
final class EndpointBeans {
    /** One endpoint bean: its handler and its annotation. */
    record Found(String beanName, ConnectionHandler handler, PushwireEndpoint annotation) {
    }

    private EndpointBeans() {
    }

    /**
     * @return the endpoint beans by path, sorted
     * @throws IllegalStateException naming the bean when one is not a ConnectionHandler, has a path without a
     *                               leading '/', or shares its path with another
     */
    static Map<String, Found> find(ListableBeanFactory beans) {
        Map<String, Found> byPath = new TreeMap<>();
        for (String name : beans.getBeanNamesForAnnotation(PushwireEndpoint.class)) {
            PushwireEndpoint annotation = beans.findAnnotationOnBean(name, PushwireEndpoint.class);
            Object bean = beans.getBean(name);
            if (!(bean instanceof ConnectionHandler handler)) {
                throw new IllegalStateException("bean '" + name + "' is annotated @PushwireEndpoint(\""
                        + annotation.value() + "\") but is a " + bean.getClass().getName() + ", not a "
                        + ConnectionHandler.class.getName() + "; implement it or remove the annotation");
            }
            String path = annotation.value();
            if (!path.startsWith("/")) {
                throw new IllegalStateException("bean '" + name + "': @PushwireEndpoint path must start with '/', was \""
                        + path + "\"");
            }
            Found earlier = byPath.put(path, new Found(name, handler, annotation));
            if (earlier != null) {
                throw new IllegalStateException("beans '" + earlier.beanName() + "' and '" + name
                        + "' are both @PushwireEndpoint(\"" + path + "\"); give each its own path");
            }
        }
        return byPath;
    }
}
