// Socket.IO 4 peer of Pushwire's transport comparison (bench/run transports). Two roles:
//   node peer.js server PORT
//     A Socket.IO server whose ticker emits {"i":N,"t":<epoch microseconds>} as event "tick" to every socket;
//     GET /bench/publish?rate=R&count=N starts N messages at R per second and answers {"first":F};
//     GET /bench/connections answers {"open":n}. Prints "listening PORT".
//   node peer.js clients URL TRANSPORT N
//     N socket.io-client sockets (transports: [TRANSPORT], no upgrade) with browser-like headers; prints "ready"
//     once all are connected, then reads commands on stdin: "begin FIRST COUNT" starts a window,
//     "finish DRAIN_MS" waits until every socket has the window (or the drain passed) and prints one JSON line
//     {expected, delivered, duplicated, p50Micros, p99Micros, maxMicros}.
'use strict';
const http = require('http');
const readline = require('readline');

function nowMicros() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

function server(port) {
  const { Server } = require('socket.io');
  let next = 1;
  const httpServer = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/bench/publish') {
      const rate = Number(url.searchParams.get('rate'));
      const count = Number(url.searchParams.get('count'));
      const first = next;
      next += count;
      publish(first, count, rate);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ first }));
    } else if (url.pathname === '/bench/connections') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ open: io.engine.clientsCount }));
    } else if (!url.pathname.startsWith('/socket.io/')) {
      res.writeHead(404);
      res.end();
    }
  });
  const io = new Server(httpServer, { transports: ['polling', 'websocket'], maxHttpBufferSize: 1e6 });
  function publish(first, count, rate) {
    const period = 1000 / rate;
    const start = performance.now();
    let sent = 0;
    const tick = () => {
      // catch up like a fixed-rate scheduler: send every message whose time has come
      while (sent < count && performance.now() - start >= sent * period) {
        io.emit('tick', JSON.stringify({ i: first + sent, t: nowMicros() }));
        sent++;
      }
      if (sent < count) {
        setTimeout(tick, Math.max(0, start + sent * period - performance.now()));
      }
    };
    tick();
  }
  httpServer.listen(port, '127.0.0.1', () => console.log('listening ' + httpServer.address().port));
}

function clients(url, transport, n) {
  const { io } = require('socket.io-client');
  const port = new URL(url).port;
  const headers = {
    'sec-ch-ua-platform': '"Linux"',
    'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'sec-ch-ua': '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
    'sec-ch-ua-mobile': '?0',
    'Accept': '*/*',
    'Sec-Fetch-Site': 'same-origin',
    'Sec-Fetch-Mode': 'cors',
    'Sec-Fetch-Dest': 'empty',
    'Referer': 'http://127.0.0.1:' + port + '/ticker.html',
    'Accept-Encoding': 'gzip, deflate, br, zstd',
    'Accept-Language': 'en-US,en;q=0.9',
    'Cookie': '_ga=GA1.1.1843320212.1732447015; _ga_Q3Z8Y1V2KM=GS1.1.1732447015.1.1.1732447090.0.0.0; '
      + 'session=eyJ1aWQiOjQyMTd9.Z0Mxkw.Xq4k7bVr9nN2hJm3pLs8tWc1yAe',
  };
  let win = { first: -1, count: 0, seen: [], delivered: 0, duplicated: 0, lat: [] };
  let connected = 0;
  let disconnected = 0;
  const sockets = [];
  for (let c = 0; c < n; c++) {
    const s = io(url, { transports: [transport], upgrade: false, extraHeaders: headers, reconnection: false,
      forceNew: true });
    s.on('connect', () => { if (++connected === n) console.log('ready'); });
    s.on('connect_error', (e) => { console.error('connect_error ' + e.message); process.exit(1); });
    s.on('disconnect', (reason) => { if (++disconnected === 1) console.error('socket.io client disconnected: ' + reason); });
    s.on('tick', (text) => {
      const now = nowMicros();
      const m = JSON.parse(text);
      const k = m.i - win.first;
      if (k < 0 || k >= win.count) return;
      const seen = win.seen[c];
      if (seen[k]) { win.duplicated++; return; }
      seen[k] = 1;
      win.delivered++;
      win.lat.push(Math.max(0, now - m.t));
    });
    sockets.push(s);
  }
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, a, b] = line.trim().split(/\s+/);
    if (cmd === 'begin') {
      const count = Number(b);
      win = { first: Number(a), count, seen: Array.from({ length: n }, () => new Uint8Array(count)),
        delivered: 0, duplicated: 0, lat: [] };
    } else if (cmd === 'finish') {
      const deadline = Date.now() + Number(a);
      const expected = n * win.count;
      const check = () => {
        if (win.delivered < expected && Date.now() < deadline) { setTimeout(check, 20); return; }
        const lat = Float64Array.from(win.lat).sort();
        const at = (p) => lat.length === 0 ? 0 : lat[Math.min(lat.length - 1, Math.ceil(p / 100 * lat.length) - 1)];
        console.log(JSON.stringify({ expected, delivered: win.delivered, duplicated: win.duplicated,
          p50Micros: at(50), p99Micros: at(99), maxMicros: lat.length ? lat[lat.length - 1] : 0 }));
      };
      check();
    } else if (cmd === 'close') {
      sockets.forEach((s) => s.close());
      process.exit(0);
    }
  });
}

const [role, ...args] = process.argv.slice(2);
if (role === 'server') server(Number(args[0] || 0));
else if (role === 'clients') clients(args[0], args[1], Number(args[2]));
else { console.error('usage: node peer.js server PORT | clients URL TRANSPORT N'); process.exit(2); }
