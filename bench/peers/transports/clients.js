// Load clients of Pushwire's transports bench: node clients.js '<spec JSON>'.
// One process holds many clients of one kind; the harness starts several when one would be too busy.
// spec: {kind, base, path, n, headers, pollMs, channel, sources, offset}: with `sources` > 0 (clients straight to the
// server, no relay) client c connects from 127.0.1.(1 + (offset + c) % sources), as clients of many addresses would.
//   kind: ws                 WebSocket (ws) to base+path; every text message is a delivery
//         hub                WebSocket to the Pushwire hub at base+path: connect, subscribe to spec.channel;
//                            every publication is a delivery
//         sse-pushwire       Pushwire's SSE session (docs/protocol.md 4.2): GET ?transport=sse, message events
//                            `id:<seq>` + the text as data: lines (or event:j, a JSON string), acks by an
//                            empty POST every ackMs (the open event's), resume with Last-Event-ID
//         longpolling-pushwire / polling-pushwire   Pushwire's session transports (docs/protocol.md 4.1):
//                            one receive in flight with ack=<highest seq>; polling every pollMs
//         sse-plain          GET base+path, an event stream of `data:` events
//         longpoll-plain     the seed's long poll with a cursor: GET base+path?since=N -> {"next":M,"messages":[...]}
//         socketio-polling / socketio-websocket   socket.io-client 4.8, event "m"
// A delivery is a text holding {"i":<index>,"t":<epoch microseconds when published>}. Prints "ready" once every
// client is connected, then reads stdin: "begin FIRST COUNT" starts a window, "finish DRAIN_MS" waits until every
// client has the window (or the drain passed) and prints one JSON line: expected, delivered, duplicated,
// unexpected, the latency histogram (log buckets, see bucketOf), how late the event loop was (p99/max, ms), errors.
'use strict';
const http = require('http');
const { monitorEventLoopDelay } = require('perf_hooks');
const readline = require('readline');

const spec = JSON.parse(process.argv[2]);
const n = spec.n;
const base = new URL(spec.base);

function nowMicros() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

// ---- counting --------------------------------------------------------------------------------------------------
// Latency buckets: 1 % wide above 100 us (bucketOf/valueOf are mirrored by the harness, TransportClients.java).
function bucketOf(us) {
  return us < 100 ? Math.max(0, Math.floor(us)) : 100 + Math.floor(Math.log(us / 100) / Math.log(1.01));
}

let win = { first: -1, count: 0, seen: null, delivered: 0, duplicated: 0, unexpected: 0, hist: new Map() };
let connected = 0;
let closing = false;
let errors = 0;
let firstError = '';
function error(what) {
  if (connected < n && !closing) {
    // a client that cannot connect makes the cell meaningless: say so and stop, the harness reports it
    console.log('failed ' + what);
    console.error('client error before every client was connected: ' + what);
    process.exit(1);
  }
  errors++;
  if (!firstError) {
    firstError = what;
    console.error('client error: ' + what);
  }
}

function field(text, key) {
  const at = text.indexOf(key);
  if (at < 0) return -1;
  let v = 0;
  for (let p = at + key.length; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return v;
}

function deliver(c, text) {
  const now = nowMicros();
  const i = field(text, '"i":');
  const t = field(text, '"t":');
  const k = i - win.first;
  if (i < 0 || k < 0 || k >= win.count) { win.unexpected++; return; }
  const at = c * win.count + k;
  if (win.seen[at]) { win.duplicated++; return; }
  win.seen[at] = 1;
  win.delivered++;
  const b = bucketOf(Math.max(0, now - t));
  win.hist.set(b, (win.hist.get(b) || 0) + 1);
}

// ---- HTTP helpers ----------------------------------------------------------------------------------------------
function headers(extra) {
  return Object.assign({}, spec.headers, extra || {});
}

// A request; one that fails on a reused keep-alive connection before any answer (the server closed it as it
// was reused) is sent again once on a new one, as Chrome does.
function request(agent, method, pathAndQuery, extra, body, retried) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path: pathAndQuery, agent,
      headers: headers(extra) }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (req.reusedSocket && !retried && (e.code === 'ECONNRESET' || e.message === 'socket hang up')) {
        request(agent, method, pathAndQuery, extra, body, true).then(resolve, reject);
      } else {
        reject(e);
      }
    });
    req.end(body);
  });
}

// A browser tab: its own keep-alive pool of at most 6 connections to the host, as Chrome has.
function tabAgent(c) {
  return new http.Agent({ keepAlive: true, maxSockets: 6, localAddress: source(c) });
}

// An event stream parser: calls onEvent(name, id, data) per event; comments and retry lines are skipped.
function eventStream(onEvent) {
  let buf = '';
  let name = '';
  let id = null;
  let data = null;
  return (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      let line = buf.substring(0, nl);
      buf = buf.substring(nl + 1);
      if (line.endsWith('\r')) line = line.substring(0, line.length - 1);
      if (line === '') {
        if (data !== null) onEvent(name, id, data);
        name = ''; id = null; data = null;
      } else if (line.charCodeAt(0) === 58) {
        // ':' comment (heartbeat)
      } else {
        const colon = line.indexOf(':');
        const key = colon < 0 ? line : line.substring(0, colon);
        let value = colon < 0 ? '' : line.substring(colon + 1);
        if (value.charCodeAt(0) === 32) value = value.substring(1);
        if (key === 'data') data = data === null ? value : data + '\n' + value;
        else if (key === 'event') name = value;
        else if (key === 'id') id = value;
      }
    }
  };
}

// ---- the kinds -------------------------------------------------------------------------------------------------
function opened() {
  if (++connected === n) console.log('ready');
}
const closers = [];

function source(c) {
  return spec.sources > 0 ? '127.0.1.' + (1 + (spec.offset + c) % spec.sources) : undefined;
}

function wsClient(c) {
  const WebSocket = require('ws');
  const ws = new WebSocket(spec.base.replace(/^http/, 'ws') + spec.path, { headers: spec.headers,
    perMessageDeflate: false, localAddress: source(c) });
  let open = false;
  ws.on('open', () => {
    if (spec.kind === 'hub') {
      ws.send('{"id":1,"type":"connect"}');
      ws.send(JSON.stringify({ id: 2, type: 'subscribe', channel: spec.channel }));
    } else {
      open = true;
      opened();
    }
  });
  ws.on('message', (data) => {
    const text = data.toString('utf8');
    if (!open) {
      if (text.startsWith('{"id":2')) {
        if (text.includes('"error"')) { error('subscribe: ' + text); return; }
        open = true;
        opened();
      } else if (text.includes('"error"')) {
        error('hub: ' + text);
      }
      return;
    }
    deliver(c, text);
  });
  ws.on('error', (e) => error('ws ' + e.message));
  ws.on('close', (code) => { if (!closing) error('ws closed ' + code); });
  closers.push(() => ws.terminate());
}

function ssePlain(c) {
  const agent = tabAgent(c);
  const req = http.get({ host: base.hostname, port: base.port, path: spec.path, agent,
    headers: headers({ Accept: 'text/event-stream' }) }, (res) => {
    opened();
    res.setEncoding('utf8');
    res.on('data', eventStream((name, id, data) => deliver(c, data)));
    res.on('end', () => { if (!closing) error('SSE stream ended'); });
  });
  req.on('error', (e) => { if (!closing) error('SSE ' + e.message); });
  closers.push(() => req.destroy());
}

function longpollPlain(c) {
  const agent = tabAgent(c);
  let since = 0;
  let first = true;
  const poll = () => {
    if (closing) return;
    if (first) {
      // the first poll learns where the stream is, as a page that loads
      request(agent, 'GET', spec.path + '?since=-1').then((r) => {
        since = JSON.parse(r.body).next;
        first = false;
        opened();
        poll();
      }, (e) => { error('long poll ' + e.message); setTimeout(poll, 100); });
      return;
    }
    request(agent, 'GET', spec.path + '?since=' + since).then((r) => {
      const m = JSON.parse(r.body);
      // the texts are JSON objects; each one's own text is what a page would get
      for (const msg of m.messages) deliver(c, JSON.stringify(msg));
      since = m.next;
      poll();
    }, (e) => { if (!closing) { error('long poll ' + e.message); setTimeout(poll, 100); } });
  };
  poll();
}

// Pushwire's session transports (docs/protocol.md).
function pushwireSession(c, transport) {
  const agent = tabAgent(c);
  const path = spec.path;
  let sid = null;
  let ack = 0;
  let acked = 0;
  let inFlight = false;
  const receive = (seq, text) => {
    if (seq <= ack) return; // resent: drop (protocol 4.1, rule 1)
    ack = seq;
    deliver(c, text);
  };
  const poll = () => {
    if (closing || inFlight) return;
    inFlight = true;
    request(agent, 'GET', path + '?transport=' + transport + '&sid=' + sid + '&ack=' + ack).then((r) => {
      inFlight = false;
      if (r.status !== 200) { error(transport + ' ' + r.status + ' ' + r.body); return; }
      const batch = JSON.parse(r.body);
      for (const m of batch.messages) {
        if (m.type === 'text') receive(m.seq, m.data);
      }
      if (batch.close) { if (!closing) error(transport + ' closed ' + JSON.stringify(batch.close)); return; }
      if (transport === 'longpolling') poll();
    }, (e) => {
      inFlight = false;
      if (!closing) { error(transport + ' ' + e.message); if (transport === 'longpolling') setTimeout(poll, 100); }
    });
  };
  if (transport !== 'sse') {
    request(agent, 'GET', path + '?transport=' + transport).then((r) => {
      sid = JSON.parse(r.body).sid;
      opened();
      if (transport === 'polling') {
        setTimeout(() => {
          const timer = setInterval(poll, spec.pollMs);
          closers.push(() => clearInterval(timer));
          poll();
        }, Math.random() * spec.pollMs);
      } else {
        poll();
      }
    }, (e) => error('open ' + e.message));
    return;
  }
  // SSE: one stream; acknowledgements by an empty POST at most every ackMs (the server's, from the open event; 1 s
  // from a server that does not say), on this tab's own phase
  let req = null;
  let ackMs = 1000;
  const stream = (resume) => {
    const extra = { Accept: 'text/event-stream' };
    if (resume) extra['Last-Event-ID'] = String(ack);
    req = http.get({ host: base.hostname, port: base.port, agent,
      path: path + '?transport=sse' + (resume ? '&sid=' + sid : ''), headers: headers(extra) }, (res) => {
      res.setEncoding('utf8');
      res.on('data', eventStream((name, id, data) => {
        if (name === 'open') {
          const open = JSON.parse(data);
          sid = open.sid;
          if (open.ackMs > 0) ackMs = open.ackMs;
          if (!resume) { opened(); startAcks(); }
        } else if (name === '') {
          // docs/protocol.md 4.2: id = seq, data = the text itself (its data: lines joined with LF)
          receive(Number(id), data);
        } else if (name === 'j') {
          receive(Number(id), JSON.parse(data)); // a text with a CR, as a JSON string
        } else if (name === 'close') {
          if (!closing) error('SSE closed ' + data);
        }
        // 'b' (binary) and types the protocol may add are ignored: the bench publishes texts only
      }));
      res.on('end', () => { if (!closing && sid) setTimeout(() => stream(true), 100); });
    });
    req.on('error', (e) => { if (!closing) { error('SSE ' + e.message); if (sid) setTimeout(() => stream(true), 100); } });
  };
  const startAcks = () => {
    const phase = setTimeout(() => {
      const timer = setInterval(() => {
        if (!sid || ack <= acked || closing) return;
        const a = ack;
        acked = a;
        request(agent, 'POST', path + '?transport=sse&sid=' + sid + '&ack=' + a,
          { 'Content-Type': 'text/plain;charset=UTF-8', Origin: spec.base }, '[]').catch((e) => error('ack ' + e.message));
      }, ackMs);
      closers.push(() => clearInterval(timer));
    }, Math.random() * ackMs);
    closers.push(() => clearTimeout(phase));
  };
  stream(false);
  closers.push(() => { if (req) req.destroy(); });
}

// socket.io-client's Node XHR (xmlhttprequest-ssl) cannot read a compressed answer, and Socket.IO compresses
// polling answers over 1 KB when asked: its sockets drop with "transport error". So these clients do not send
// Accept-Encoding (Chrome would, and would get gzip for large batches; docs/TRANSPORTS.md).
const socketIoHeaders = Object.fromEntries(Object.entries(spec.headers).filter(([k]) => k !== 'Accept-Encoding'));

function socketIo(c, transport) {
  const { io } = require('socket.io-client');
  const s = io(spec.base, { transports: [transport], upgrade: false, extraHeaders: socketIoHeaders,
    reconnection: false, forceNew: true });
  s.on('connect', opened);
  s.on('connect_error', (e) => error('socket.io connect ' + e.message + (e.description ? ' ('
    + (e.description.message || e.description) + ')' : '')));
  s.on('disconnect', (reason, d) => {
    if (!closing) {
      const why = d && d.description ? (d.description.message || String(d.description)) : '';
      error('socket.io disconnected: ' + reason + (why ? ' (' + why + ')' : '')
        + (d && d.context && d.context.status ? ' status ' + d.context.status : ''));
    }
  });
  s.on('m', (text) => deliver(c, text));
  closers.push(() => s.close());
}

const start = (c) => {
  switch (spec.kind) {
    case 'ws': case 'hub': return wsClient(c);
    case 'sse-plain': return ssePlain(c);
    case 'longpoll-plain': return longpollPlain(c);
    case 'sse-pushwire': return pushwireSession(c, 'sse');
    case 'longpolling-pushwire': return pushwireSession(c, 'longpolling');
    case 'polling-pushwire': return pushwireSession(c, 'polling');
    case 'socketio-polling': return socketIo(c, 'polling');
    case 'socketio-websocket': return socketIo(c, 'websocket');
    default: console.error('unknown kind ' + spec.kind); process.exit(2);
  }
};
// open in batches of 50 a tick, so that a thousand handshakes do not arrive as one burst
let c = 0;
const openSome = () => {
  for (let k = 0; k < 50 && c < n; k++) start(c++);
  if (c < n) setTimeout(openSome, 5);
};
openSome();

// ---- the harness's commands ------------------------------------------------------------------------------------
// The histogram records the time between two ticks of a `resolution` ms timer, so a loop that is never late
// reads `resolution`: the lateness is what exceeds it.
const LAG_RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
lag.enable();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, a, b] = line.trim().split(/\s+/);
  if (cmd === 'begin') {
    const count = Number(b);
    win = { first: Number(a), count, seen: new Uint8Array(n * count), delivered: 0, duplicated: 0, unexpected: 0,
      hist: new Map() };
    errors = 0;
    firstError = '';
    lag.reset();
  } else if (cmd === 'finish') {
    const deadline = Date.now() + Number(a);
    const expected = n * win.count;
    const check = () => {
      if (win.delivered < expected && Date.now() < deadline) { setTimeout(check, 20); return; }
      console.log(JSON.stringify({ expected, delivered: win.delivered, duplicated: win.duplicated,
        unexpected: win.unexpected, hist: Object.fromEntries(win.hist), lagP99Ms: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
        lagMaxMs: Math.max(0, lag.max / 1e6 - LAG_RESOLUTION_MS), errors, firstError }));
    };
    check();
  } else if (cmd === 'close') {
    closing = true;
    closers.forEach((f) => { try { f(); } catch (e) { /* closing anyway */ } });
    setTimeout(() => process.exit(0), 200);
  }
});
process.stdin.on('end', () => process.exit(0));
