// An HTTP server that answers every request, WebSocket upgrades included, with one status and body; for tests of
// refused handshakes.
//
//   node status-server.js PORT|0 STATUS [BODY]
//
// Prints `listening <port>` once it accepts connections, and `request <method> <url>` for each request.
'use strict';

const http = require('http');

const port = Number(process.argv[2] || 0);
const status = Number(process.argv[3] || 401);
const body = process.argv[4] || '';

function answer(req, write) {
  console.log('request ' + req.method + ' ' + req.url);
  write(status, body);
}

const server = http.createServer((req, res) => {
  answer(req, (code, text) => {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.on('upgrade', (req, socket) => {
  answer(req, (code, text) => {
    socket.end('HTTP/1.1 ' + code + ' ' + (http.STATUS_CODES[code] || 'Status') + '\r\n'
      + 'Content-Type: text/plain; charset=utf-8\r\n'
      + 'Content-Length: ' + Buffer.byteLength(text) + '\r\n'
      + 'Connection: close\r\n\r\n' + text);
  });
});
server.listen(port, '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
process.on('SIGTERM', () => process.exit(0));
