// One node of the Socket.IO cluster that Pushwire's cluster benchmark (bench/run cluster) measures against:
//   node node.js PORT REDIS_URL ADAPTER
// ADAPTER is "redis" (@socket.io/redis-adapter 8.3.0: Redis pub/sub, the one Socket.IO's docs lead with) or
// "streams" (@socket.io/redis-streams-adapter 0.3.1: one Redis stream for every node), both on node-redis.
// A socket that connects with ?room=NAME in its handshake joins that room (the benchmark's channels); an event
// "pub" (room, data) from any socket is sent as event "m" (data) to that room on every node: io.to(room).emit.
// Prints "listening PORT" once the adapter's Redis connections are up.
'use strict';
const http = require('http');
const { Server } = require('socket.io');
const { createClient } = require('redis');

async function main(port, redisUrl, adapter) {
  const httpServer = http.createServer((req, res) => {
    if (!req.url.startsWith('/socket.io/')) {
      res.writeHead(404);
      res.end();
    }
  });
  const io = new Server(httpServer, { transports: ['websocket'], perMessageDeflate: false, maxHttpBufferSize: 1e6 });
  const client = createClient({ url: redisUrl });
  client.on('error', (e) => console.error('redis: ' + e.message));
  await client.connect();
  if (adapter === 'redis') {
    const { createAdapter } = require('@socket.io/redis-adapter');
    const sub = client.duplicate();
    sub.on('error', (e) => console.error('redis sub: ' + e.message));
    await sub.connect();
    io.adapter(createAdapter(client, sub));
  } else if (adapter === 'streams') {
    const { createAdapter } = require('@socket.io/redis-streams-adapter');
    io.adapter(createAdapter(client));
  } else {
    throw new Error('unknown adapter ' + adapter + ' (redis or streams)');
  }
  io.on('connection', (socket) => {
    const room = socket.handshake.query.room;
    if (typeof room === 'string' && room.length > 0) {
      socket.join(room);
    }
    socket.on('pub', (to, data) => io.to(to).emit('m', data));
  });
  httpServer.listen(port, '127.0.0.1', () => console.log('listening ' + httpServer.address().port));
}

// node-redis 6 rejects a command after 5 s without a reply (its default command timeout). When a node falls that
// far behind, the adapter's PUBLISH/XADD promise rejects and nobody handles it, which would end the process: keep
// the node serving, report it once per second, and let the benchmark count what was lost.
let rejected = 0;
process.on('unhandledRejection', (e) => {
  if (rejected++ === 0) {
    setTimeout(() => {
      console.error('unhandled rejections in the last second: ' + rejected + ' (first: ' + (e && e.name) + ' ' + (e && e.message) + ')');
      rejected = 0;
    }, 1000);
  }
});

const [port, redisUrl, adapter] = process.argv.slice(2);
main(Number(port || 0), redisUrl || 'redis://127.0.0.1:6379', adapter || 'redis').catch((e) => {
  console.error(e);
  process.exit(1);
});
