package dev.pushwire.core.internal.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions by session id, and a bounded memory of recently closed ones so that a client polling a session
 * that expired or closed learns why (404 with the close code) instead of a bare "unknown". Thread-safe.
 */
public final class SessionRegistry {
    private static final int SID_BYTES = 18;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> open = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final Map<String, SessionClose> closed;

    /** @param rememberClosed how many closed sessions to remember (the oldest are forgotten first) */
    public SessionRegistry(int rememberClosed) {
        this.closed = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SessionClose> eldest) {
                return size() > rememberClosed;
            }
        };
    }

    /** A new unguessable session id (144 random bits, URL-safe base64). */
    public String newSid() {
        byte[] b = new byte[SID_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public void add(Session s) {
        open.put(s.sid(), s);
    }

    /** The open session with this id, or null. */
    public Session get(String sid) {
        return open.get(sid);
    }

    /** Why the session with this id closed, if it is remembered; null otherwise. */
    public SessionClose closeOf(String sid) {
        synchronized (closed) {
            return closed.get(sid);
        }
    }

    /** Forgets an open session and remembers how it closed. */
    public void remove(Session s) {
        open.remove(s.sid(), s);
        if (s.finalClose() != null) {
            synchronized (closed) {
                closed.put(s.sid(), s.finalClose());
            }
        }
    }

    /** The open sessions (a live view). */
    public Collection<Session> sessions() {
        return Collections.unmodifiableCollection(open.values());
    }

    public int size() {
        return open.size();
    }
}
