package dev.pushwire.client.internal;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one client and the events that arrived before anyone listened for them.
 *
 * <p>{@code PushwireClient.connect} returns before the listeners are added, and on loopback the handshake can finish
 * (and the server can send) before the next line of the caller runs. So:
 * <ul>
 *   <li>open and close happen once and are remembered: a listener for them added afterwards is called at once
 *       ({@code ws.onOpen(...)} after the open still runs, like a completed future);</li>
 *   <li>a message or error with no listener of its kind yet is held and delivered, in order, to the first such
 *       listener: a message that arrives before {@code ws.onMessage(...)} is not lost. Held messages are bounded by a
 *       byte budget; past it the oldest are dropped (logged once).</li>
 * </ul>
 *
 * <p>Event-loop confined: {@link #add} and every {@code fire} method run on the client's event loop only.
 */
public final class ClientEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEvents.class);

    /** Which events a listener wants. */
    public enum Kind { OPEN, MESSAGE, PING, PONG, ERROR, CLOSE, WRITABILITY }

    private record Registered(ConnectionListener listener, Set<Kind> kinds) {
    }

    private record Held(Kind kind, Object payload) {
    }

    private final Connection owner;
    private final long maxHeldBytes;
    /** Copy-on-add, so a listener added while events are delivered does not disturb the loop over them. */
    private Registered[] listeners = new Registered[0];
    private final Deque<Held> held = new ArrayDeque<>();
    private final EnumSet<Kind> listened = EnumSet.noneOf(Kind.class);
    private long heldBytes;
    private boolean opened;
    private CloseEvent closed;
    private boolean warnedAboutDrops;

    public ClientEvents(Connection owner, long maxHeldBytes) {
        this.owner = owner;
        this.maxHeldBytes = maxHeldBytes;
    }

    /**
     * Adds a listener for {@code kinds}: tells it of the open if that happened, gives it the held events of its kinds,
     * and tells it of the close if that happened.
     */
    public void add(ConnectionListener listener, Set<Kind> kinds) {
        Registered r = new Registered(listener, EnumSet.copyOf(kinds));
        Registered[] more = java.util.Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = r;
        listeners = more;
        listened.addAll(kinds);
        if (opened && kinds.contains(Kind.OPEN)) {
            deliver(r, Kind.OPEN, null);
        }
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (kinds.contains(h.kind())) {
                it.remove();
                if (h.kind() == Kind.MESSAGE) {
                    heldBytes -= ((Message) h.payload()).size();
                }
                deliver(r, h.kind(), h.payload());
            }
        }
        if (closed != null && kinds.contains(Kind.CLOSE)) {
            deliver(r, Kind.CLOSE, closed);
        }
    }

    public void fireOpen() {
        opened = true;
        fire(Kind.OPEN, null);
    }

    public void fireMessage(Message message) {
        fire(Kind.MESSAGE, message);
    }

    public void firePing(byte[] payload) {
        fire(Kind.PING, payload);
    }

    public void firePong(byte[] payload) {
        fire(Kind.PONG, payload);
    }

    public void fireError(Throwable error) {
        fire(Kind.ERROR, error);
    }

    public void fireWritabilityChanged(boolean writable) {
        fire(Kind.WRITABILITY, writable);
    }

    public void fireClose(CloseEvent event) {
        closed = event;
        fire(Kind.CLOSE, event);
    }

    private void fire(Kind kind, Object payload) {
        if (!listened.contains(kind)) {
            hold(kind, payload);
            return;
        }
        for (Registered r : listeners) {
            if (r.kinds().contains(kind)) {
                deliver(r, kind, payload);
            }
        }
    }

    private void hold(Kind kind, Object payload) {
        if (kind != Kind.MESSAGE && kind != Kind.ERROR) {
            return; // open and close are remembered instead; pings, pongs, writability nobody asked for are dropped
        }
        if (kind == Kind.MESSAGE) {
            heldBytes += ((Message) payload).size();
            while (heldBytes > maxHeldBytes) {
                Held oldest = removeOldestMessage();
                if (oldest == null) {
                    break;
                }
                if (!warnedAboutDrops) {
                    warnedAboutDrops = true;
                    LOG.warn("{}: messages arrive but no message listener was added; dropping the oldest held ones "
                            + "past {} bytes (logged once)", owner.id(), maxHeldBytes);
                }
            }
        }
        held.add(new Held(kind, payload));
    }

    private Held removeOldestMessage() {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.kind() == Kind.MESSAGE) {
                it.remove();
                heldBytes -= ((Message) h.payload()).size();
                return h;
            }
        }
        return null;
    }

    private void deliver(Registered r, Kind kind, Object payload) {
        ConnectionListener l = r.listener();
        try {
            switch (kind) {
                case OPEN -> l.onOpen(owner);
                case MESSAGE -> l.onMessage(owner, (Message) payload);
                case PING -> l.onPing(owner, (byte[]) payload);
                case PONG -> l.onPong(owner, (byte[]) payload);
                case ERROR -> l.onError(owner, (Throwable) payload);
                case CLOSE -> l.onClose(owner, (CloseEvent) payload);
                case WRITABILITY -> l.onWritabilityChanged(owner, (Boolean) payload);
                default -> throw new IllegalStateException(kind.name());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: a {} listener threw", owner.id(), kind.name().toLowerCase(java.util.Locale.ROOT), e);
            if (kind != Kind.ERROR) {
                fire(Kind.ERROR, e);
            }
        }
    }
}
