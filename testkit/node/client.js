// A WebSocket client on the real `ws` package, driven line by line from stdin, for tests of Pushwire's server.
//
//   node client.js URL [--protocol P]... [--header NAME:VALUE]... [--deflate] [--ca CERT.pem]
//
// Prints one line per event:
//   open <protocol or -> <extensions or ->
//   message text <text>            (newlines in the text are printed as \n)
//   message binary <hex>
//   ping <payload> / pong <payload>
//   unexpected-response <status> <body>   the server refused the upgrade
//   error <message>
//   close <code> <reason>          then the process exits with 0
// Reads commands from stdin, one per line:
//   send TEXT | send-binary HEX | ping TEXT | close CODE [REASON] | terminate | raw HEX
//   send-fragments TEXT|TEXT|...   one text message sent as one frame per part (compressed with --deflate)
// Commands that arrive before the open are run once it is open.
'use strict';

const fs = require('fs');
const readline = require('readline');
const WebSocket = require('ws');

const args = process.argv.slice(2);
const url = args[0];
const protocols = [];
const headers = {};
let deflate = false;
let ca;
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--protocol') protocols.push(args[++i]);
  else if (args[i] === '--header') {
    const h = args[++i];
    const colon = h.indexOf(':');
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  } else if (args[i] === '--deflate') deflate = true;
  else if (args[i] === '--ca') ca = fs.readFileSync(args[++i]);
}

const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: deflate, ca });

const pending = [];
ws.on('open', () => {
  console.log('open ' + (ws.protocol || '-') + ' ' + (ws.extensions || '-'));
  pending.splice(0).forEach(run);
});
ws.on('message', (data, isBinary) => {
  if (isBinary) console.log('message binary ' + data.toString('hex'));
  else console.log('message text ' + data.toString('utf8').replace(/\n/g, '\\n'));
});
ws.on('ping', (data) => console.log('ping ' + data.toString('utf8')));
ws.on('pong', (data) => console.log('pong ' + data.toString('utf8')));
ws.on('unexpected-response', (req, res) => {
  let body = '';
  res.on('data', (chunk) => { body += chunk; });
  res.on('end', () => {
    console.log('unexpected-response ' + res.statusCode + ' ' + body);
    process.exit(0);
  });
});
ws.on('error', (err) => console.log('error ' + err.message));
ws.on('close', (code, reason) => {
  console.log('close ' + code + ' ' + reason.toString('utf8'));
  process.exit(0);
});

function run(line) {
  const space = line.indexOf(' ');
  const cmd = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  switch (cmd) {
    case 'send': ws.send(rest); break;
    case 'send-binary': ws.send(Buffer.from(rest, 'hex'), { binary: true }); break;
    case 'ping': ws.ping(Buffer.from(rest, 'utf8')); break;
    case 'close': {
      const sp = rest.indexOf(' ');
      ws.close(Number(sp < 0 ? rest : rest.slice(0, sp)), sp < 0 ? undefined : rest.slice(sp + 1));
      break;
    }
    case 'send-fragments': {
      const parts = rest.split('|');
      parts.forEach((part, i) => ws.send(part, { fin: i === parts.length - 1 }));
      break;
    }
    case 'terminate': ws.terminate(); break;
    case 'raw': ws._socket.write(Buffer.from(rest, 'hex')); break;
    default: console.log('error unknown command ' + cmd);
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (ws.readyState === WebSocket.CONNECTING) pending.push(line);
  else run(line);
});
