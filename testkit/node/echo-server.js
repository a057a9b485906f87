// A WebSocket echo server on the real `ws` package, for Pushwire's tests.
//
//   node echo-server.js [port|0] [--deflate] [--tls CERT.pem KEY.pem] [--greet TEXT] [--no-auto-pong]
//
//   --deflate        accept permessage-deflate (threshold 0: every message is compressed)
//   --tls            serve wss:// with this certificate and key (PEM)
//   --greet TEXT     send TEXT to every client as soon as it connects
//   --no-auto-pong   never answer pings (for heartbeat-timeout tests)
//
// Prints `listening <port>` as its first line once it accepts connections. Echoes text as text and binary as
// binary; pings are answered by `ws` itself. Prints one line per event so a test can await what the server saw:
//   open <path> <subprotocol or ->        a client connected (path: the request target, query included)
//   closed <path> <code> <reason>         that client's connection closed (code as `ws` reports it)
//   ping <path> <payload>                 a ping arrived (answered with a pong unless --no-auto-pong)
//   pong <path> <payload>                 a pong arrived (the answer to `!ping`)
// A test that shares one server among many connections gives each its own path to tell their lines apart.
//
// A text message that starts with `!` is a command instead of an echo:
//   !close CODE [REASON]      close the connection with CODE and REASON
//   !terminate                drop the TCP connection without a close frame
//   !ignore-close             from now on, never answer a close frame (for close-timeout tests)
//   !raw HEX                  write these bytes to the socket as they are (for protocol-violation tests)
//   !fragment N TEXT          send TEXT as one text message in fragments of N bytes (splits UTF-8 sequences)
//   !ping PAYLOAD             send a ping with PAYLOAD; the pong is printed and sent back as `pong:<payload>`
//   !headers                  answer with the upgrade request's headers as JSON
//   !protocol                 answer with the negotiated subprotocol (empty when none)
//   !extensions               answer with the negotiated extension names (empty when none)
//   !send-binary SIZE         send a binary message of SIZE bytes (byte i = i % 251)
//   !send-text SIZE           send a text message of SIZE ASCII characters ('a' + i % 26)
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
let port = 0;
let deflate = false;
let tls = null;
let greeting = null;
let autoPong = true;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--deflate') {
    deflate = true;
  } else if (args[i] === '--greet') {
    greeting = args[i + 1];
    i += 1;
  } else if (args[i] === '--no-auto-pong') {
    autoPong = false;
  } else if (args[i] === '--tls') {
    tls = { cert: fs.readFileSync(args[i + 1]), key: fs.readFileSync(args[i + 2]) };
    i += 2;
  } else {
    port = Number(args[i]);
  }
}

const httpServer = tls ? https.createServer(tls) : http.createServer();
httpServer.on('request', (req, res) => {
  res.writeHead(426, { 'Content-Type': 'text/plain' });
  res.end('this is a WebSocket echo server\n');
});
const wss = new WebSocketServer({
  server: httpServer,
  maxPayload: 64 * 1024 * 1024,
  perMessageDeflate: deflate ? { threshold: 0 } : false,
  autoPong,
});

function commandOf(ws, req, text) {
  const space = text.indexOf(' ');
  const name = space < 0 ? text : text.slice(0, space);
  const rest = space < 0 ? '' : text.slice(space + 1);
  switch (name) {
    case '!close': {
      const sp = rest.indexOf(' ');
      const code = Number(sp < 0 ? rest : rest.slice(0, sp));
      ws.close(code, sp < 0 ? '' : rest.slice(sp + 1));
      return;
    }
    case '!terminate':
      ws.terminate();
      return;
    case '!ignore-close':
      ws.close = () => {};
      ws.send('ok');
      return;
    case '!raw':
      ws._socket.write(Buffer.from(rest, 'hex'));
      return;
    case '!fragment': {
      const sp = rest.indexOf(' ');
      const size = Number(rest.slice(0, sp));
      const bytes = Buffer.from(rest.slice(sp + 1), 'utf8');
      for (let off = 0; off < bytes.length || off === 0; off += size) {
        const end = Math.min(off + size, bytes.length);
        ws.send(bytes.subarray(off, end), { binary: false, fin: end >= bytes.length, compress: false });
        if (end >= bytes.length) break;
      }
      return;
    }
    case '!ping':
      ws.ping(Buffer.from(rest, 'utf8'));
      return;
    case '!headers':
      ws.send(JSON.stringify(req.headers));
      return;
    case '!protocol':
      ws.send(ws.protocol);
      return;
    case '!extensions':
      ws.send(ws.extensions);
      return;
    case '!send-binary': {
      const size = Number(rest);
      const buf = Buffer.alloc(size);
      for (let i = 0; i < size; i++) buf[i] = i % 251;
      ws.send(buf, { binary: true });
      return;
    }
    case '!send-text': {
      const size = Number(rest);
      const buf = Buffer.alloc(size);
      for (let i = 0; i < size; i++) buf[i] = 97 + (i % 26);
      ws.send(buf.toString('latin1'));
      return;
    }
    default:
      ws.send('unknown command ' + name);
  }
}

wss.on('connection', (ws, req) => {
  console.log('open ' + req.url + ' ' + (ws.protocol || '-'));
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.length > 0 && data[0] === 0x21 /* ! */) {
      commandOf(ws, req, data.toString('utf8'));
      return;
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('ping', (data) => {
    console.log('ping ' + req.url + ' ' + data.toString('utf8'));
  });
  ws.on('pong', (data) => {
    console.log('pong ' + req.url + ' ' + data.toString('utf8'));
    ws.send('pong:' + data.toString('utf8'));
  });
  ws.on('close', (code, reason) => {
    console.log('closed ' + req.url + ' ' + code + ' ' + reason.toString('utf8'));
  });
  ws.on('error', (err) => {
    console.log('error ' + req.url + ' ' + err.message);
  });
  if (greeting !== null) {
    ws.send(greeting);
  }
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log('listening ' + httpServer.address().port);
});

process.on('SIGTERM', () => process.exit(0));
