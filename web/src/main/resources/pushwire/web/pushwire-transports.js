// pushwire-transports.js: the four links pushwire.js can run over. Internal to pushwire.js; not a public API.
//
// A link is one server-side connection: a WebSocket, or one HTTP session (docs/protocol.md) spoken over SSE, long
// polling or polling. The socket (pushwire.js) owns the outbox and decides what to do when a link ends; a link only
// moves bytes and reports to its host:
//   host.linkMessage(link, data)       data: string | Uint8Array, in order, each message once
//   host.linkDown(link, error)         the server is unreachable for now; an HTTP session keeps retrying by itself
//   host.linkUp(link)                  reachable again (after linkDown), same session: nothing was lost
//   host.linkEnd(link, code, reason)   the link is over (closed, or its session is unknown to the server)
//   host.outbox                        entries {text: string} | {bytes: Uint8Array}; a link removes what it delivered
//   host.options                       the socket's options (timeouts, backoff)

/** Delay before retry number `attempt` (0-based): exponential, capped, with jitter that only shortens it. */
export function backoffDelay(attempt, options) {
  const base = Math.min(options.maxBackoff, options.initialBackoff * Math.pow(options.backoffFactor, attempt));
  return Math.round(base * (1 - options.backoffJitter * Math.random()));
}

/** An error that says which transport failed and why; `reachable` tells whether the server answered at all. */
export class TransportError extends Error {
  constructor(transport, message, { status = 0, code = "", reachable = false, close = null } = {}) {
    super(`pushwire: ${transport}: ${message}`);
    this.name = "TransportError";
    this.transport = transport;
    this.status = status;
    this.code = code;
    this.reachable = reachable;
    this.close = close;
  }
}

function toBase64(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text) {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/** Waits `ms`, or less if one of `signals` aborts; leaves no listener behind. */
function sleep(ms, ...signals) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      for (const signal of signals) signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    for (const signal of signals) signal.addEventListener("abort", done, { once: true });
  });
}

/** A watchdog that does not mistake a throttled timer (hidden tab) for silence: a late timer only re-arms. */
class Watchdog {
  constructor(onSilence) {
    this.onSilence = onSilence;
    this.timer = 0;
    this.lastActivity = Date.now();
    this.limit = 0;
  }

  arm(limitMs) {
    this.limit = limitMs;
    this.activity();
  }

  activity() {
    this.lastActivity = Date.now();
    this.schedule(this.limit);
  }

  schedule(ms) {
    clearTimeout(this.timer);
    if (!this.limit) return;
    const due = Date.now() + ms;
    this.timer = setTimeout(() => {
      const late = Date.now() - due;
      if (late > 1000 || document.visibilityState === "hidden") {
        // Throttled: what we measured is the timer, not the server. Look again once the page can run on time.
        this.schedule(this.limit);
      } else if (Date.now() - this.lastActivity >= this.limit) {
        this.onSilence();
      } else {
        this.schedule(this.limit - (Date.now() - this.lastActivity));
      }
    }, ms);
  }

  /** True if nothing arrived for longer than the limit (called when the page becomes visible). */
  silent() {
    return this.limit > 0 && Date.now() - this.lastActivity >= this.limit;
  }

  stop() {
    this.limit = 0;
    clearTimeout(this.timer);
  }
}

/** A WebSocket link. No resume of its own: messages in flight when it drops are lost (see docs/browser.md). */
export class WebSocketLink {
  constructor(host, url, protocols) {
    this.host = host;
    this.transport = "websocket";
    this.resumable = false;
    this.url = url.replace(/^http/, "ws");
    this.protocols = protocols;
    this.ws = null;
    this.ended = false;
  }

  open(timeoutMs) {
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocket(this.url, this.protocols);
      } catch (e) {
        reject(new TransportError("websocket", e.message));
        return;
      }
      this.ws = ws;
      ws.binaryType = "arraybuffer";
      const timer = setTimeout(() => {
        ws.onopen = ws.onclose = ws.onerror = null;
        ws.close();
        reject(new TransportError("websocket", `not open within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.onerror = () => {};
      ws.onclose = (e) => {
        clearTimeout(timer);
        reject(new TransportError("websocket", `closed before open (code ${e.code})`));
      };
      ws.onopen = () => {
        clearTimeout(timer);
        ws.onmessage = (e) => this.host.linkMessage(this,
          typeof e.data === "string" ? e.data : new Uint8Array(e.data));
        ws.onclose = (e) => this.end(e.code, e.reason);
        resolve({ protocol: ws.protocol, extensions: ws.extensions });
      };
    });
  }

  get bufferedAmount() {
    return this.ws ? this.ws.bufferedAmount : 0;
  }

  flush() {
    const outbox = this.host.outbox;
    while (!this.ended && outbox.length && this.ws.readyState === WebSocket.OPEN) {
      const entry = outbox.shift();
      this.ws.send(entry.text ?? entry.bytes);
    }
  }

  /** Liveness is the browser's on WebSocket: nothing to check from script. */
  check() {}

  close(code, reason) {
    if (this.ended) return;
    this.ended = true;
    try { this.ws?.close(code, reason); } catch (_) { this.ws?.close(); }
  }

  end(code, reason) {
    if (this.ended) return;
    this.ended = true;
    this.host.linkEnd(this, code, reason);
  }
}

/**
 * One HTTP session (docs/protocol.md) over "sse", "longpolling" or "polling": numbered messages both ways, resumed
 * across network errors with the same session id, so nothing is lost or duplicated while the session lives.
 */
export class HttpSessionLink {
  constructor(host, url, transport) {
    this.host = host;
    this.transport = transport;
    this.resumable = true;
    this.url = url.replace(/^ws/, "http");
    this.sid = "";
    this.settings = null;
    this.ack = 0;             // highest server seq delivered to the page
    this.sentAck = 0;         // highest ack the server has been told
    this.unackedBytes = 0;
    this.ackDue = false;      // SSE: an acknowledgement is owed now (ackMs passed or a quarter of the cap)
    this.ackTimer = 0;
    this.received = 0;        // highest client seq the server applied
    this.posting = false;
    this.sessionGone = false; // a POST was told the session is unknown: the receive side ends the link
    this.down = false;
    this.ended = false;
    this.abort = new AbortController();  // aborted when the link ends
    this.receiveAbort = null;            // aborts the current receive request (liveness restarts it)
    this.wakeup = new AbortController(); // ends the current backoff waits (the page became visible or online)
    this.watchdog = new Watchdog(() => this.receiveAbort?.abort());
  }

  request(params) {
    const u = new URL(this.url, location.href);
    u.searchParams.set("transport", this.transport);
    if (this.sid) u.searchParams.set("sid", this.sid);
    for (const [k, v] of Object.entries(params || {})) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async fetch(url, init, timeoutMs) {
    const abort = new AbortController();
    const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : 0;
    const onEnd = () => abort.abort();
    this.abort.signal.addEventListener("abort", onEnd, { once: true });
    init.signal?.addEventListener("abort", onEnd, { once: true });
    try {
      return await fetch(url, { cache: "no-store", credentials: "same-origin", ...init, signal: abort.signal });
    } catch (e) {
      throw new TransportError(this.transport, `request failed (${e.message})`);
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener("abort", onEnd);
    }
  }

  async failure(response) {
    let body = {};
    try { body = await response.json(); } catch (_) { /* not JSON: keep the status */ }
    return new TransportError(this.transport, `${response.status} ${body.error || ""}: ${body.message || ""}`,
      { status: response.status, code: body.error || "", reachable: true, close: body.close || null });
  }

  async open(timeoutMs) {
    if (this.transport === "sse") {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          this.ended = true;
          this.abort.abort();
          reject(new TransportError("sse", `no open event within ${timeoutMs} ms (a buffering proxy?)`,
            { reachable: this.sseHeaders === true }));
        }, timeoutMs);
        this.stream((settings) => { clearTimeout(timer); resolve(settings); },
          (error) => { clearTimeout(timer); reject(error); });
      });
    } else {
      const response = await this.fetch(this.request(), { method: "GET" }, timeoutMs);
      if (!response.ok) throw await this.failure(response);
      this.accept(await response.json());
      this.receiveLoop();
    }
    return { protocol: "", extensions: "" };
  }

  accept(settings) {
    this.settings = settings;
    this.sid = settings.sid;
  }

  get bufferedAmount() {
    return 0;
  }

  // ---- receiving: polling and long polling ----

  async receiveLoop() {
    let attempt = 0;
    const s = this.settings;
    const limit = this.transport === "longpolling" ? s.holdMs + this.host.options.livenessGrace
      : this.host.options.livenessGrace;
    while (!this.ended) {
      this.receiveAbort = new AbortController();
      this.watchdog.arm(limit);
      let batch;
      try {
        const response = await this.fetch(this.request({ ack: this.ack }), { signal: this.receiveAbort.signal },
          limit + 1000);
        if (!response.ok) throw await this.failure(response);
        batch = await response.json();
      } catch (e) {
        if (this.ended) return;
        if (this.fatal(e)) return;
        this.setDown(e);
        await sleep(backoffDelay(attempt++, this.host.options), this.abort.signal, this.wakeup.signal);
        continue;
      } finally {
        this.watchdog.stop();
      }
      attempt = 0;
      this.setUp();
      this.deliver(batch.messages || []);
      this.sentAck = this.ack;
      if (batch.close) {
        this.endWith(batch.close);
        return;
      }
      if (this.transport === "polling") {
        const full = (batch.messages || []).length > 0 && JSON.stringify(batch).length > s.maxBatchBytes / 2;
        if (!full) await sleep(this.host.options.pollInterval, this.abort.signal);
      }
    }
  }

  /** Delivers new messages in seq order; a resent answer's repeats are dropped. */
  deliver(messages) {
    for (const m of messages) {
      if (m.seq <= this.ack) continue;
      this.ack = m.seq;
      const data = m.type === "binary" ? fromBase64(m.data) : m.data;
      this.unackedBytes += m.type === "binary" ? data.length : m.data.length;
      this.host.linkMessage(this, data);
      if (this.ended) return;
    }
  }

  /** True when `error` ends the session: the server no longer knows it, or refuses the request for good. */
  fatal(error) {
    if (error.status === 404 && error.code === "unknown_session") {
      this.endWith(error.close || { code: 4003, reason: "the server no longer knows this session" });
      return true;
    }
    if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
      this.end(1002, error.message);
      return true;
    }
    return false;
  }

  setDown(error) {
    if (!this.down) {
      this.down = true;
      this.host.linkDown(this, error);
    }
  }

  setUp() {
    if (this.down) {
      this.down = false;
      this.host.linkUp(this);
      this.flush();
    }
  }

  // ---- receiving: SSE over fetch (a stream reader sees heartbeats and status codes, EventSource does not) ----

  stream(onOpen, onFail) {
    const run = async () => {
      let attempt = 0;
      while (!this.ended) {
        this.receiveAbort = new AbortController();
        let opened = !onOpen;
        try {
          const params = this.sid ? { ack: this.ack } : {};
          const response = await this.fetch(this.request(params),
            { headers: { Accept: "text/event-stream" }, signal: this.receiveAbort.signal }, 0);
          if (!response.ok) throw await this.failure(response);
          this.sseHeaders = true;
          if (this.settings) {
            this.watchdog.arm(this.settings.heartbeatMs + this.host.options.livenessGrace);
            attempt = 0;
            this.setUp();
          }
          await this.readEvents(response.body, (settings) => {
            this.accept(settings);
            this.watchdog.arm(settings.heartbeatMs + this.host.options.livenessGrace);
            opened = true;
            const callback = onOpen;
            onOpen = null;
            callback(settings);
          });
          if (this.ended) return;
          throw new TransportError("sse", "the stream ended");
        } catch (e) {
          this.watchdog.stop();
          if (this.ended) return;
          if (!opened) {
            this.ended = true;
            onFail(e);
            return;
          }
          if (this.fatal(e)) return;
          if (!this.receiveAbort.signal.aborted) {
            this.setDown(e);
            await sleep(backoffDelay(attempt++, this.host.options), this.abort.signal, this.wakeup.signal);
          }
        }
      }
    };
    run();
  }

  async readEvents(body, onOpen) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let event = { type: "message", id: "", data: [] };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        this.watchdog.activity();
        buffer += decoder.decode(value, { stream: true });
        let nl;
        while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(buffer[nl] === "\r" && buffer[nl + 1] === "\n" ? nl + 2 : nl + 1);
          if (line === "") {
            if (event.data.length) this.onEvent(event.type, event.id, event.data.join("\n"), onOpen);
            if (this.ended) return;
            event = { type: "message", id: event.id, data: [] };
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") event.type = value;
            else if (field === "id") event.id = value;
            else if (field === "data") event.data.push(value);
          }
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  /**
   * One SSE event (docs/protocol.md 4.2): `open` and `close` carry JSON; a message event has its seq as `id` and
   * carries text as its data (the default `message` event), binary as base64 (`b`) or text as a JSON string (`j`).
   */
  onEvent(type, id, data, onOpen) {
    if (type === "open") {
      onOpen(JSON.parse(data));
    } else if (type === "close") {
      this.endWith(JSON.parse(data));
    } else if (type === "message" || type === "b" || type === "j") {
      const seq = Number(id);
      if (!(seq >= 1)) throw new TransportError("sse", `a message event without a seq as id (id: '${id}')`);
      const text = type === "j" ? JSON.parse(data) : data;
      this.deliver([{ seq, type: type === "b" ? "binary" : "text", data: text }]);
      this.scheduleAck();
    }
  }

  /**
   * SSE acknowledges by POST: at a quarter of the server's queue cap, or the server's `ackMs` (1 s from a server
   * that does not say) after the first unacked.
   */
  scheduleAck() {
    if (this.unackedBytes >= this.settings.maxQueuedBytes / 4) {
      this.ackDue = true;
      this.flush();
    } else if (!this.ackTimer) {
      const ackMs = this.settings.ackMs > 0 ? this.settings.ackMs : 1000;
      this.ackTimer = setTimeout(() => { this.ackTimer = 0; this.ackDue = true; this.flush(); }, ackMs);
    }
  }

  // ---- sending ----

  /** Sends what the outbox holds (and the ack SSE owes), one POST in flight, retried as is until applied. */
  async flush() {
    if (this.posting || this.ended || this.sessionGone || !this.sid) return;
    this.posting = true;
    let attempt = 0;
    try {
      while (!this.ended && (this.host.outbox.length || (this.ackDue && this.ack > this.sentAck))) {
        const outbox = this.host.outbox;
        const body = [];
        let size = 2;
        const cap = Math.max(1, Math.min(this.settings.maxPostBytes, 1 << 20) / 2);
        for (const entry of outbox) {
          const m = entry.text !== undefined ? { type: "text", data: entry.text }
            : { type: "binary", data: toBase64(entry.bytes) };
          const encoded = JSON.stringify(m);
          if (body.length && size + encoded.length > cap) break;
          body.push(encoded);
          size += encoded.length + 1;
        }
        const ack = this.ack;
        const params = body.length ? { seq: this.received + 1, ack } : { ack };
        clearTimeout(this.ackTimer);
        this.ackTimer = 0;
        let result;
        try {
          const response = await this.fetch(this.request(params), {
            method: "POST", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: `[${body.join(",")}]`,
          }, 30000);
          if (!response.ok) throw await this.failure(response);
          result = response.status === 204 ? {} : await response.json(); // 204: a bare acknowledgement's answer
        } catch (e) {
          if (this.ended) return;
          if (e.status === 404 && e.code === "unknown_session") {
            // The session is over. Its last messages come with its close to the receive side, which ends the
            // link; ending it here could drop that answer while it is still being read (echoes lost on a restart).
            this.sessionGone = true;
            return;
          }
          if (this.fatal(e)) return;
          this.setDown(e);
          await sleep(backoffDelay(attempt++, this.host.options), this.abort.signal, this.wakeup.signal);
          continue;
        }
        if (this.ended) return;
        attempt = 0;
        this.setUp();
        if (ack > this.sentAck) this.sentAck = ack;
        if (ack >= this.ack) {
          this.unackedBytes = 0;
          this.ackDue = false;
        }
        if (typeof result.received === "number" && result.received > this.received) {
          outbox.splice(0, result.received - this.received);
          this.received = result.received;
        }
        this.host.linkSent?.(this);
      }
    } finally {
      this.posting = false;
    }
  }

  /** The page became visible or came online: if the receive side went quiet, restart it now. */
  check() {
    if (this.down) {
      this.wakeup.abort();
      this.wakeup = new AbortController();
    }
    if (this.watchdog.silent()) this.receiveAbort?.abort();
  }

  close(code, reason) {
    if (this.ended) return;
    this.ended = true;
    this.watchdog.stop();
    clearTimeout(this.ackTimer);
    this.abort.abort();
    if (this.sid) {
      const url = this.request({ code, reason });
      fetch(url, { method: "DELETE", keepalive: true, cache: "no-store" }).catch(() => {});
    }
  }

  /**
   * Ends on a close object. When it says how far the server applied our messages (`received`), what it applied
   * leaves the outbox, so a new session does not get it again; without it, the unconfirmed tail is sent again.
   */
  endWith(close) {
    if (this.ended) return;
    if (typeof close.received === "number" && close.received > this.received) {
      this.host.outbox.splice(0, close.received - this.received);
      this.received = close.received;
    }
    this.end(close.code, close.reason || "");
  }

  end(code, reason) {
    if (this.ended) return;
    this.ended = true;
    this.watchdog.stop();
    clearTimeout(this.ackTimer);
    this.abort.abort();
    this.host.linkEnd(this, code, reason);
  }
}
