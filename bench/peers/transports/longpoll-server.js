// The plain Node long-poll peer of the transports bench, the seed's way (its section 1.2: the client asks, the server
// holds the request until there is something new and answers with it, the client asks again at once), with a cursor
// so that no message falls between two polls: node longpoll-server.js PORT [drop=I] [dup=I].
// GET /sub?since=N answers at once with every kept message after N, or holds the request until the next message;
// the answer is {"next":M,"messages":[<text>,...]} (the texts are JSON, written as they are). A held request is
// answered with an empty batch after 25 s. The last 10,000 messages are kept. Prints "listening PORT".
'use strict';
const http = require('http');
const { attachPub, listen } = require('./pub');

const KEEP = 10000;
const kept = [];          // texts of messages first .. next-1
let first = 1;
let next = 1;
const held = new Set();

function answer(res, since) {
  const from = Math.max(since + 1, first);
  const body = '{"next":' + (next - 1) + ',"messages":[' + kept.slice(from - first).join(',') + ']}';
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/sub') {
    res.writeHead(404);
    res.end();
    return;
  }
  const since = Number(url.searchParams.get('since') || 0);
  if (since < next - 1) {
    answer(res, since);
    return;
  }
  const h = { res, since };
  h.timer = setTimeout(() => { held.delete(h); answer(res, since); }, 25000);
  held.add(h);
  req.on('close', () => { clearTimeout(h.timer); held.delete(h); });
});
server.keepAliveTimeout = 60000;
attachPub(server, (text) => {
  kept.push(text);
  next++;
  if (kept.length > KEEP) { kept.shift(); first++; }
  const waiting = [...held];
  held.clear();
  for (const h of waiting) { clearTimeout(h.timer); answer(h.res, h.since); }
}, process.argv.slice(3));
listen(server, Number(process.argv[2] || 0), 'plain long poll');
