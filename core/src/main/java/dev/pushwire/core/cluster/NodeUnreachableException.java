package dev.pushwire.core.cluster;

/** No inbox of the addressed node listens on the bus: the node is gone (or never existed). */
public final class NodeUnreachableException extends NodeBusException {
    private static final long serialVersionUID = 1L;

    private final String node;

    public NodeUnreachableException(String node) {
        super("node " + node + " is not on the bus (gone, or never there)");
        this.node = node;
    }

    /** The node that could not be reached. */
    public String node() {
        return node;
    }
}
