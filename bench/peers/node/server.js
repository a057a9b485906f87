// The Node `ws` peer of Pushwire's benchmark. Usage: node server.js PORT (0 = a free port).
// Routes: /echo echoes every message with its type; every message on /pub goes to every connection on /sub.
// Prints "READY <port> ..." once listening, then serves until stdin closes or SIGTERM.
'use strict';

const http = require('http');
const { WebSocketServer } = require('ws');

let bufferutil = 'missing';
try {
  require('bufferutil');
  bufferutil = require('bufferutil/package.json').version;
} catch (e) {
  // ws falls back to its JavaScript masking; the harness reports it.
}

const port = Number(process.argv[2] || 0);
const server = http.createServer((req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
const subscribers = new Set();

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  if (path !== '/echo' && path !== '/pub' && path !== '/sub') {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (path === '/echo') {
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    } else if (path === '/sub') {
      subscribers.add(ws);
      ws.on('close', () => subscribers.delete(ws));
    } else {
      ws.on('message', (data, isBinary) => {
        for (const sub of subscribers) {
          sub.send(data, { binary: isBinary });
        }
      });
    }
    ws.on('error', () => {});
  });
});

server.listen(port, '127.0.0.1', () => {
  const wsVersion = require('ws/package.json').version;
  console.log(`READY ${server.address().port} Node ${process.version} ws ${wsVersion} with bufferutil ${bufferutil}`);
});
process.on('SIGTERM', () => process.exit(0));
// The harness closes stdin to stop a peer, and sends "gc" (with --expose-gc) before reading memory.
let pending = '';
process.stdin.on('data', (chunk) => {
  pending += chunk.toString();
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    if (line === 'gc') {
      if (global.gc) {
        global.gc();
      }
      console.log('GC-DONE');
    }
  }
});
process.stdin.on('end', () => process.exit(0));
