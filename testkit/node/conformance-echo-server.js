// Reference peer for the server's conformance suite (dev.pushwire.server.conformance): Node's `ws` as an echo server on a free loopback port.
// Usage: node conformance-echo-server.js '{"maxPayload": 1048576, "perMessageDeflate": false}'
// Prints "listening <port>" once bound; echoes every message with its type; exits when stdin closes.
const { WebSocketServer } = require('ws');

const options = JSON.parse(process.argv[2] || '{}');
const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: options.maxPayload,
  perMessageDeflate: options.perMessageDeflate || false,
});
server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});
server.on('listening', () => console.log('listening ' + server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
