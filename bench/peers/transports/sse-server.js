// The plain Node SSE peer of the transports bench: node sse-server.js PORT [drop=I] [dup=I].
// GET /sub answers text/event-stream and writes every message published on the WebSocket /pub as
// "data: <text>\n\n" to every open stream (one write per stream, as a plain server would). Prints "listening PORT".
'use strict';
const http = require('http');
const { attachPub, listen } = require('./pub');

const streams = new Set();
const server = http.createServer((req, res) => {
  if (req.url.split('?')[0] !== '/sub') {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.write('retry: 1000\n\n');
  streams.add(res);
  req.on('close', () => streams.delete(res));
});
server.keepAliveTimeout = 60000;
attachPub(server, (text) => {
  const event = 'data: ' + text + '\n\n';
  for (const res of streams) res.write(event);
}, process.argv.slice(3));
listen(server, Number(process.argv[2] || 0), 'plain SSE');
