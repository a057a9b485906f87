// pushwire-channels.js: channels on a Pushwire hub endpoint (docs/hub.md), for pushwire.js. Internal module: use
// socket.channel(name) from pushwire.js.
//
// The hub's state (connect, subscriptions) lives in one server-side connection. When the socket gets a new one (a
// WebSocket reconnect, a new HTTP session, an upgrade), the hub client connects again and subscribes every channel
// with `since` = the position of the last publication it delivered, so publications made while away arrive once, in
// order, or the channel says plainly that it could not recover them ("unrecoverable" event).

/** A failed hub command: `code` is the hub's stable error code (docs/hub.md section 5) or "connection_lost". */
export class HubError extends Error {
  constructor(code, message) {
    super(`pushwire hub: ${code}: ${message}`);
    this.name = "HubError";
    this.code = code;
  }
}

const RECONCILED = new Set(["connect", "subscribe", "unsubscribe"]);

export class Hub {
  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    this.pending = new Map();   // id -> {type, resolve, reject, entry}: sent or queued, reply not yet seen
    this.waiting = [];          // entries held until the connect reply
    this.channels = new Map();
    this.state = "idle";        // idle | connecting | connected
    this.client = null;         // the connect reply: {client, user, expires}
  }

  channel(name) {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = new Channel(this, name);
      this.channels.set(name, channel);
    }
    return channel;
  }

  /** Queues a command (`front`: ahead of everything queued); resolves with its result, rejects with a HubError. */
  command(type, fields = {}, front = false) {
    const id = this.nextId++;
    const text = JSON.stringify({ id, type, ...fields });
    const entry = { text, size: text.length, hub: id };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { type, resolve, reject, entry });
      if (type === "connect") {
        this.socket.enqueue(entry, front);
      } else if (this.state === "connected") {
        try {
          this.socket.enqueue(entry);
        } catch (e) {
          this.pending.delete(id);
          reject(e);
        }
      } else {
        this.waiting.push(entry);
      }
    });
  }

  /**
   * The socket has a server-side connection the hub has not seen: connect, then subscribe again where we were.
   * `fresh`: a new link, nothing of it sent yet, so the connect goes first and hub commands left from the old link
   * are taken back; otherwise (channel() on a link already in use) the connect queues behind what is in flight.
   */
  linked(fresh) {
    const unsent = new Set();
    const outbox = this.socket.outbox;
    for (let i = outbox.length - 1; fresh && i >= 0; i--) {
      if (outbox[i].hub) {
        unsent.add(outbox[i].hub);
        outbox.splice(i, 1);
      }
    }
    const requeue = [];
    for (const [id, p] of this.pending) {
      if (RECONCILED.has(p.type)) {
        this.pending.delete(id);
      } else if (p.type === "publish" && !unsent.has(id)) {
        this.pending.delete(id);
        p.reject(new HubError("connection_lost",
          "the connection was lost after the publication was sent; it may or may not have been made"));
      } else if (!this.waiting.includes(p.entry)) {
        requeue.push(p.entry);
      }
    }
    this.waiting = requeue.concat(this.waiting);
    this.unlinked();
    this.state = "connecting";
    let token = this.socket.options.token;
    Promise.resolve(typeof token === "function" ? token() : token).then((value) => {
      token = value;
      return this.command("connect", token ? { token } : {}, fresh);
    }).then((result) => {
      this.client = result;
      this.state = "connected";
      this.scheduleRefresh(result.expires);
      for (const channel of this.channels.values()) channel.resubscribe();
      const held = this.waiting;
      this.waiting = [];
      for (const entry of held) this.socket.enqueue(entry);
    }, (error) => {
      this.state = "idle";
      this.socket.dispatchEvent(Object.assign(new Event("error"), { error }));
    });
  }

  /**
   * With a token function, refreshes the token in-band a minute before it expires (or halfway, if sooner), so the
   * hub never closes the connection with 4004. A static token cannot be refreshed: the hub closes with 4004 and the
   * socket reconnects with the same token, which the hub then refuses as expired.
   */
  scheduleRefresh(expires) {
    clearTimeout(this.refreshTimer);
    const source = this.socket.options.token;
    if (!expires || typeof source !== "function") return;
    const left = expires * 1000 - Date.now();
    this.refreshTimer = setTimeout(async () => {
      try {
        const result = await this.command("refresh", { token: await source() });
        this.scheduleRefresh(result.expires);
      } catch (error) {
        this.socket.dispatchEvent(Object.assign(new Event("error"), { error }));
      }
    }, Math.max(1000, Math.min(left - 60000, left / 2)));
  }

  /** The server-side connection is gone; a new one will come through linked(). */
  unlinked() {
    clearTimeout(this.refreshTimer);
    this.state = "idle";
    for (const channel of this.channels.values()) {
      channel.subscribed = false;
      channel.subscribing = false;
      channel.early = null;
    }
  }

  /** The socket closed for good. */
  closed(code, reason) {
    clearTimeout(this.refreshTimer);
    const error = new HubError("closed", `the socket closed (${code} ${reason})`);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.waiting = [];
    for (const channel of this.channels.values()) channel.fail(error);
  }

  /** Handles a hub message; false if it is not one (then the socket delivers it as a message event). */
  receive(text) {
    let m;
    try { m = JSON.parse(text); } catch (_) { return false; }
    if (!m || typeof m !== "object") return false;
    if (typeof m.id === "number") {
      const p = this.pending.get(m.id);
      if (!p) return true;
      this.pending.delete(m.id);
      if (m.error) p.reject(new HubError(m.error.code, m.error.message || ""));
      else p.resolve(m.result || {});
      return true;
    }
    const channel = this.channels.get(m.channel);
    if (!channel) return typeof m.type === "string";
    if (m.type === "publication") channel.live(m);
    else if (m.type === "dropped") {
      // the channel's slow-subscriber policy dropped m.count publications; history({since}) can fetch them
      channel.dispatchEvent(Object.assign(new Event("dropped"), { count: m.count }));
    } else if (m.type === "join" || m.type === "leave") {
      channel.dispatchEvent(Object.assign(new Event(m.type), { client: m.client }));
    } else if (m.type === "unrecoverable") channel.lost(m);
    return true;
  }
}

/**
 * One channel of the hub. Events: "publication" (event.publication), "join" / "leave" (event.client), "dropped"
 * (event.count: publications the channel's slow-subscriber policy dropped for this client),
 * "subscribed" (event.recovered), "unrecoverable" (publications were missed and could not be recovered).
 */
export class Channel extends EventTarget {
  constructor(hub, name) {
    super();
    this.hub = hub;
    this.name = name;
    this.wanted = false;
    this.subscribed = false;
    this.position = null;      // {epoch, offset} of the last publication delivered
    this.early = null;         // live publications that came before the subscribe reply's handler ran
    this.handlers = new Set();
    this.ready = null;         // {promise, resolve, reject} of the first subscribe
  }

  /**
   * Subscribes (once) and calls `fn(publication)` for each publication; resolves once subscribed. With
   * `{since: {epoch, offset}}` (e.g. from history()), the first subscribe recovers what came after it.
   */
  subscribe(fn, { since } = {}) {
    if (fn) this.handlers.add(fn);
    if (!this.wanted) {
      this.wanted = true;
      if (since) this.position = { epoch: since.epoch, offset: since.offset };
      let resolve, reject;
      const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
      promise.catch(() => {});  // the caller may ignore it; a failure is also an "error" event
      this.ready = { promise, resolve, reject };
      if (this.hub.state === "connected") this.resubscribe();
    }
    return this.ready.promise;
  }

  /** Stops the subscription (and forgets the position). */
  unsubscribe() {
    this.handlers.clear();
    if (!this.wanted) return Promise.resolve();
    this.wanted = false;
    this.position = null;
    const was = this.subscribed;
    this.subscribed = false;
    return was ? this.hub.command("unsubscribe", { channel: this.name }).then(() => {}) : Promise.resolve();
  }

  /** Publishes `data` (any JSON value); resolves with {epoch, offset}. */
  publish(data) {
    return this.hub.command("publish", { channel: this.name, data });
  }

  /** Who is subscribed: resolves with [{client, user, info}]. */
  presence() {
    return this.hub.command("presence", { channel: this.name }).then((r) => r.clients || []);
  }

  /** Recent publications, oldest first: resolves with {epoch, offset, publications}. */
  history({ limit, since } = {}) {
    const fields = { channel: this.name };
    if (limit !== undefined) fields.limit = limit;
    if (since) fields.since = since;
    return this.hub.command("history", fields);
  }

  resubscribe() {
    if (!this.wanted || this.subscribed || this.subscribing) return;
    const fields = { channel: this.name };
    if (this.position) fields.since = this.position;
    this.subscribing = true;
    this.hub.command("subscribe", fields).then((result) => {
      this.subscribing = false;
      this.subscribed = true;
      for (const p of result.publications || []) this.deliver(p);
      if (!this.position || this.position.epoch !== result.epoch || this.position.offset < result.offset) {
        this.position = { epoch: result.epoch, offset: result.offset };
      }
      const early = this.early || [];
      this.early = null;
      for (const p of early) this.deliver(p);
      this.dispatchEvent(Object.assign(new Event("subscribed"), { recovered: !!result.recovered }));
      this.ready?.resolve(result);
    }, (error) => {
      this.subscribing = false;
      this.early = null;
      if (error.code === "unrecoverable" && this.position) {
        this.position = null;
        this.dispatchEvent(Object.assign(new Event("unrecoverable"), { error }));
        this.resubscribe();
      } else if (error.code !== "connection_lost" && error.code !== "closed") {
        this.wanted = false;
        this.ready?.reject(error);
        this.dispatchEvent(Object.assign(new Event("error"), { error }));
      }
    });
  }

  /**
   * A live publication. The hub sends it after the subscribe reply, but the reply is handled in a promise callback,
   * which runs only after every message of the same SSE chunk or poll answer: until then it waits, so that the
   * recovered publications of the reply come first (delivered after it, they would have been dropped as old).
   */
  live(p) {
    if (this.subscribing) {
      if (!this.early) this.early = [];
      this.early.push(p);
    } else {
      this.deliver(p);
    }
  }

  deliver(p) {
    const at = this.position;
    if (at && at.epoch === p.epoch && p.offset <= at.offset) return;  // already delivered
    this.position = { epoch: p.epoch, offset: p.offset };
    for (const fn of this.handlers) fn(p);
    this.dispatchEvent(Object.assign(new Event("publication"), { publication: p }));
  }

  /** The server lost publications before {epoch, offset} (its broker could not read them back): go on after it. */
  lost(m) {
    if (this.subscribing) return;  // the subscribe reply, still to be handled, starts after the loss
    this.position = { epoch: m.epoch, offset: m.offset };
    const error = new HubError("unrecoverable", m.message || "");
    this.dispatchEvent(Object.assign(new Event("unrecoverable"), { error }));
  }

  fail(error) {
    this.subscribed = false;
    this.ready?.reject(error);
  }
}
