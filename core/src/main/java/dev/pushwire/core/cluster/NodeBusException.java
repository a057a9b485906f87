package dev.pushwire.core.cluster;

/** A {@link NodeBus} call failed: the other node's listener failed, or this bus is closed. */
public class NodeBusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeBusException(String message) {
        super(message);
    }
}
