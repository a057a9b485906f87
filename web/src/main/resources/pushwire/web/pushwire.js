// pushwire.js: the Pushwire browser client. A plain ES module (no build step) served by every Pushwire server at
// /pushwire.js, with /pushwire.d.ts beside it. Documentation: docs/browser.md.
//
//   import { connect } from "/pushwire.js";
//   const socket = connect("/echo");          // WebSocket, else SSE, else long polling, else polling
//   socket.onopen = () => socket.send("hello server");
//   socket.onmessage = (event) => console.log(event.data);
//
// Everything runs on the page's main thread; events are dispatched synchronously from network callbacks.

import { HttpSessionLink, TransportError, WebSocketLink, backoffDelay } from "./pushwire-transports.js";
import { Hub } from "./pushwire-channels.js";

export { TransportError };
export { HubError } from "./pushwire-channels.js";

/** Every transport, best first. */
export const TRANSPORTS = Object.freeze(["websocket", "sse", "longpolling", "polling"]);

/** The default options; docs/browser.md says what each one does. */
export const DEFAULTS = Object.freeze({
  transports: TRANSPORTS,
  protocols: undefined,
  openTimeout: 5000,
  reconnect: true,
  maxReconnectAttempts: Infinity,
  initialBackoff: 500,
  maxBackoff: 15000,
  backoffFactor: 2,
  backoffJitter: 0.5,
  maxQueuedMessages: 1000,
  maxQueuedBytes: 1 << 20,
  pollInterval: 1000,
  livenessGrace: 10000,
  remember: true,
  upgradeAfter: 30000,
  token: undefined,
});

/** Thrown by send() when the queue of messages waiting to go out is full (see maxQueuedMessages/Bytes). */
export class QueueFullError extends Error {
  constructor(count, bytes, options) {
    super(`pushwire: send queue full (${count} messages, ${bytes} bytes waiting; limits ` +
      `maxQueuedMessages=${options.maxQueuedMessages}, maxQueuedBytes=${options.maxQueuedBytes}). The connection ` +
      "is not keeping up or is reconnecting: wait for the 'reconnect' event or a lower bufferedAmount, or raise the limits.");
    this.name = "QueueFullError";
    this.code = "queue_full";
  }
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A draining server closes with 1001 and "server draining; reconnect within N ms": the delay before reconnecting is
 * then a random moment of that window, so its clients do not all come back at once (docs/operations.md); null for
 * any other reason (the usual backoff applies).
 */
export function drainDelay(reason) {
  const match = /reconnect within (\d{1,9}) ms/.exec(reason || "");
  return match ? Math.floor(Math.random() * (Number(match[1]) + 1)) : null;
}

/** Close codes after which the client reconnects (as CloseCode.shouldReconnect on the server). */
export function shouldReconnect(code) {
  return code === 1001 || code === 1006 || (code >= 1011 && code <= 1014) || (code >= 4000 && code <= 4499);
}

function memoryKey(url) {
  return `pushwire:transport:${new URL(url, location.href).origin}`;
}

function recall(url) {
  try { return sessionStorage.getItem(memoryKey(url)) || ""; } catch (_) { return ""; }
}

function remember(url, transport) {
  try { sessionStorage.setItem(memoryKey(url), transport); } catch (_) { /* storage disabled: fine */ }
}

function byteLength(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : (c >= 0xd800 && c < 0xdc00) ? (i++, 4) : 3;
  }
  return n;
}

function event(type, props) {
  return Object.assign(new Event(type), props);
}

/**
 * A WebSocket-shaped connection that picks its transport, reconnects by itself and resumes where it can.
 * States: CONNECTING (0) until the first link opens, OPEN (1) from then on (also while reconnecting: sends are
 * queued), CLOSING (2) after close(), CLOSED (3) at the end. `open` and `close` fire once each.
 */
export class PushwireSocket extends EventTarget {
  constructor(url, options = {}) {
    super();
    const unknown = Object.keys(options).filter((k) => !(k in DEFAULTS));
    if (unknown.length) throw new TypeError(`pushwire: unknown option(s) ${unknown.join(", ")}`);
    this.options = { ...DEFAULTS, ...options };
    const bad = this.options.transports.filter((t) => !TRANSPORTS.includes(t));
    if (bad.length || !this.options.transports.length) {
      throw new TypeError(`pushwire: transports must be some of ${TRANSPORTS.join(", ")}; got ${bad.join(", ")}`);
    }
    this.url = new URL(url, location.href).toString().replace(/^ws/, "http");
    this.readyState = CONNECTING;
    this.binaryType = "blob";
    this.transport = "";
    this.connected = false;
    this.outbox = [];        // entries waiting to be delivered: {text} | {bytes}, plus size and hub metadata
    this.staging = [];       // Blobs being read, and what was sent after them (keeps order)
    this.link = null;
    this.attempt = 0;
    this.retryTimer = 0;
    this.upgradeTimer = 0;
    this.upgradeAttempt = 0;
    this.hub = null;
    this.lastError = null;
    this.onVisible = () => { if (document.visibilityState === "visible") this.checkNow(); };
    this.onOnline = () => this.checkNow();
    document.addEventListener("visibilitychange", this.onVisible);
    addEventListener("online", this.onOnline);
    queueMicrotask(() => this.establish());
  }

  get bufferedAmount() {
    let n = this.link ? this.link.bufferedAmount : 0;
    for (const e of this.outbox) n += e.size;
    for (const e of this.staging) n += e.size;
    return n;
  }

  /**
   * Queues `data` (string, ArrayBuffer, a typed array or DataView, or Blob) for delivery, in order. Throws
   * QueueFullError when the queue is over its limits, and InvalidStateError after close().
   */
  send(data) {
    if (this.readyState >= CLOSING) {
      throw new DOMException("pushwire: send() after close()", "InvalidStateError");
    }
    let entry;
    if (typeof data === "string") {
      entry = { text: data, size: byteLength(data) };
    } else if (data instanceof ArrayBuffer) {
      entry = { bytes: new Uint8Array(data.slice(0)), size: data.byteLength };
    } else if (ArrayBuffer.isView(data)) {
      entry = { bytes: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
        size: data.byteLength };
    } else if (data instanceof Blob) {
      entry = { blob: data, size: data.size };
    } else {
      entry = { text: String(data), size: byteLength(String(data)) };
    }
    this.enqueue(entry);
  }

  enqueue(entry, front = false) {
    const count = this.outbox.length + this.staging.length;
    const bytes = this.bufferedAmount;
    if (count + 1 > this.options.maxQueuedMessages || bytes + entry.size > this.options.maxQueuedBytes) {
      throw new QueueFullError(count, bytes, this.options);
    }
    if (front) {
      this.outbox.unshift(entry);
    } else if (entry.blob || this.staging.length) {
      this.staging.push(entry);
      if (entry.blob) {
        entry.blob.arrayBuffer().then((buffer) => {
          entry.bytes = new Uint8Array(buffer);
          delete entry.blob;
          while (this.staging.length && !this.staging[0].blob) this.outbox.push(this.staging.shift());
          this.flush();
        });
      }
      return;
    } else {
      this.outbox.push(entry);
    }
    this.flush();
  }

  /**
   * Hands the outbox to the link. A link that is down (an HTTP session retrying) gets it too: its POST retries with
   * backoff, and a POST that goes through is what tells it the server is back, since a held long poll answers only
   * when there is something to say (waiting for that answer kept the page's messages back for the whole hold).
   */
  flush() {
    if (this.link && (this.connected || this.link.down)) this.link.flush();
  }

  /** Closes for good (no reconnect). `code` is 1000 or 3000-4999, `reason` at most 123 bytes of UTF-8. */
  close(code = 1000, reason = "") {
    if (code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(`pushwire: close code must be 1000 or 3000-4999, got ${code}`, "InvalidAccessError");
    }
    if (byteLength(reason) > 123) {
      throw new DOMException("pushwire: close reason longer than 123 bytes", "SyntaxError");
    }
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    clearTimeout(this.retryTimer);
    clearTimeout(this.upgradeTimer);
    const link = this.link;
    this.link = null;
    const finish = () => this.finish(code, reason, true);
    if (!link) {
      this.attemptLink?.close(code, reason);
      queueMicrotask(finish);
      return;
    }
    // Deliver what was sent before close(), for up to openTimeout, then close the link.
    const deadline = Date.now() + this.options.openTimeout;
    const drain = () => {
      link.flush();
      if ((this.outbox.length || link.posting || link.bufferedAmount) && Date.now() < deadline && !link.ended) {
        setTimeout(drain, 20);
      } else {
        link.close(code, reason);
        finish();
      }
    };
    drain();
  }

  finish(code, reason, wasClean) {
    if (this.readyState === CLOSED) return;
    if (!wasClean && this.lastError) this.dispatchEvent(event("error", { error: this.lastError }));
    this.readyState = CLOSED;
    this.connected = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.upgradeTimer);
    document.removeEventListener("visibilitychange", this.onVisible);
    removeEventListener("online", this.onOnline);
    this.hub?.closed(code, reason);
    this.dispatchEvent(new CloseEvent("close", { code, reason, wasClean }));
  }

  /** The channel named `name` on a hub endpoint (e.g. connect("/pushwire")); see docs/browser.md. */
  channel(name) {
    if (!this.hub) {
      this.hub = new Hub(this);
      if (this.link) this.hub.linked(false);
    }
    return this.hub.channel(name);
  }

  // ---- choosing and opening a link ----

  candidates() {
    const list = this.options.transports;
    const preferred = this.transport || (this.options.remember ? recall(this.url) : "");
    const start = Math.max(0, list.indexOf(preferred));
    return list.slice(start);
  }

  makeLink(transport) {
    return transport === "websocket" ? new WebSocketLink(this, this.url, this.options.protocols)
      : new HttpSessionLink(this, this.url, transport);
  }

  async establish() {
    this.retryTimer = 0;
    for (const transport of this.candidates()) {
      if (this.readyState >= CLOSING) return;
      const link = this.makeLink(transport);
      this.attemptLink = link;
      try {
        await link.open(this.options.openTimeout);
      } catch (e) {
        this.lastError = e;
        // A WebSocket failure says nothing about the server; an HTTP one does unless the transport itself failed.
        if (transport !== "websocket" && !e.reachable) break;
        continue;
      } finally {
        this.attemptLink = null;
      }
      if (this.readyState >= CLOSING) {
        link.close(1000, "");
        return;
      }
      this.install(link);
      return;
    }
    if (this.readyState >= CLOSING) return;
    if (!this.options.reconnect || this.attempt >= this.options.maxReconnectAttempts) {
      this.finish(1006, this.lastError ? this.lastError.message : "could not connect", false);
      return;
    }
    this.retryTimer = setTimeout(() => this.establish(), backoffDelay(this.attempt++, this.options));
  }

  install(link) {
    const first = this.readyState === CONNECTING;
    const previous = this.transport;
    this.link = link;
    this.transport = link.transport;
    this.connected = true;
    this.attempt = 0;
    this.lastError = null;
    if (this.options.remember) remember(this.url, link.transport);
    if (previous !== link.transport) {
      this.dispatchEvent(event("transportchange", { transport: link.transport, previous }));
    }
    if (first) {
      this.readyState = OPEN;
      this.dispatchEvent(new Event("open"));
    } else {
      this.dispatchEvent(event("reconnect", { transport: link.transport, resumed: false }));
    }
    this.hub?.linked(true);
    this.flush();
    this.scheduleUpgrade();
  }

  // ---- background upgrade to WebSocket ----

  scheduleUpgrade() {
    clearTimeout(this.upgradeTimer);
    if (this.transport === "websocket" || !this.options.upgradeAfter
        || !this.options.transports.includes("websocket")) return;
    const delay = Math.min(this.options.upgradeAfter * Math.pow(2, this.upgradeAttempt), 600000);
    this.upgradeTimer = setTimeout(() => this.tryUpgrade(), delay);
  }

  async tryUpgrade() {
    const probe = new WebSocketLink(this, this.url, this.options.protocols);
    try {
      await probe.open(this.options.openTimeout);
    } catch (_) {
      this.upgradeAttempt++;
      this.scheduleUpgrade();
      return;
    }
    if (this.readyState !== OPEN || !this.link) {
      probe.close(1000, "");
      return;
    }
    this.upgradeAttempt = 0;
    if (this.options.remember) remember(this.url, "websocket");
    if (this.hub) {
      // Channels recover across a link change (subscribe with since): switch now.
      const old = this.link;
      this.link = null;
      old.close(1000, "upgrading to websocket");
      this.install(probe);
    } else {
      // A raw endpoint's session may still hold messages for us: switch at the next reconnect instead.
      probe.close(1000, "websocket works");
      this.upgradeReady = true;
    }
  }

  // ---- liveness ----

  checkNow() {
    if (this.readyState >= CLOSING) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.establish();
    } else {
      this.link?.check();
    }
  }

  // ---- what links report (see pushwire-transports.js) ----

  linkMessage(link, data) {
    if (link !== this.link) return;
    if (this.hub && typeof data === "string" && this.hub.receive(data)) return;
    let value = data;
    if (typeof data !== "string") {
      value = this.binaryType === "arraybuffer"
        ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : new Blob([data]);
    }
    this.dispatchEvent(new MessageEvent("message", { data: value, origin: new URL(this.url).origin }));
  }

  linkDown(link, error) {
    if (link !== this.link || !this.connected) return;
    this.connected = false;
    this.lastError = error;
    this.dispatchEvent(event("disconnect", { error, code: 1006, reason: error.message }));
  }

  linkUp(link) {
    if (link !== this.link || this.connected) return;
    this.connected = true;
    this.dispatchEvent(event("reconnect", { transport: link.transport, resumed: true }));
  }

  linkSent() {}

  linkEnd(link, code, reason) {
    if (link !== this.link) return;
    this.link = null;
    if (this.readyState >= CLOSING) return;
    if (this.options.reconnect && shouldReconnect(code)) {
      const wasConnected = this.connected;
      this.connected = false;
      if (this.upgradeReady) {
        this.upgradeReady = false;
        this.transport = "websocket";
      }
      this.hub?.unlinked();
      if (wasConnected) this.dispatchEvent(event("disconnect", { error: null, code, reason }));
      const drained = drainDelay(reason);
      this.retryTimer = setTimeout(() => this.establish(), drained ?? backoffDelay(this.attempt++, this.options));
    } else {
      this.finish(code, reason, code !== 1006);
    }
  }
}

for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(PushwireSocket, name, { value, enumerable: true });
  Object.defineProperty(PushwireSocket.prototype, name, { value, enumerable: true });
}

for (const type of ["open", "message", "close", "error", "transportchange", "disconnect", "reconnect"]) {
  const key = Symbol(type);
  Object.defineProperty(PushwireSocket.prototype, `on${type}`, {
    get() { return this[key] || null; },
    set(fn) {
      if (this[key]) this.removeEventListener(type, this[key]);
      this[key] = typeof fn === "function" ? fn : null;
      if (this[key]) this.addEventListener(type, this[key]);
    },
  });
}

/** Opens a PushwireSocket to `url` (relative to the page, or http(s)://, ws(s)://). */
export function connect(url, options) {
  return new PushwireSocket(url, options);
}
