// The publishing side every plain Node peer of the transports bench shares: a WebSocket endpoint /pub (ws, no
// compression) whose every text message is handed to `deliver(text)`, the peer's fan-out to its /sub clients.
// Optional test faults (argv "drop=I" / "dup=I"): the message whose "i" is I is not delivered / delivered twice,
// so that the harness's counting of lost and duplicated messages can be tested against a real process.
'use strict';
const { WebSocketServer } = require('ws');

function faults(args) {
  const f = { drop: -1, dup: -1 };
  for (const a of args) {
    const [k, v] = a.split('=');
    if (k === 'drop' || k === 'dup') f[k] = Number(v);
  }
  return f;
}

function indexOf(text) {
  const at = text.indexOf('"i":');
  return at < 0 ? -1 : parseInt(text.substring(at + 4), 10);
}

/** Adds /pub to `server`; other upgrade paths are left to `otherUpgrade` (or destroyed). */
function attachPub(server, deliver, args, otherUpgrade) {
  const f = faults(args);
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (req.url.split('?')[0] !== '/pub') {
      if (otherUpgrade) otherUpgrade(req, socket, head); else socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => {
        const text = data.toString('utf8');
        if (f.drop >= 0 || f.dup >= 0) {
          const i = indexOf(text);
          if (i === f.drop) return;
          if (i === f.dup) deliver(text);
        }
        deliver(text);
      });
      ws.on('error', () => {});
    });
  });
}

function listen(server, port, name) {
  server.listen(port, '127.0.0.1', () => console.log('listening ' + server.address().port + ' ' + name + ' on Node '
    + process.version));
  process.on('SIGTERM', () => process.exit(0));
}

module.exports = { attachPub, listen };
