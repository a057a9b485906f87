// The Socket.IO 4.8 peer of the transports bench: node socketio-server.js PORT. Every message published on the
// WebSocket /pub is emitted as event "m" to every socket (io.emit: encoded once by Socket.IO), on both of its
// transports (polling and websocket). Prints "listening PORT".
'use strict';
const http = require('http');
const { Server } = require('socket.io');
const { attachPub, listen } = require('./pub');

const server = http.createServer();
const io = new Server(server, { transports: ['polling', 'websocket'], serveClient: false, destroyUpgrade: false });
// engine.io handles its own upgrades (/socket.io/); /pub is ours.
attachPub(server, (text) => io.emit('m', text), process.argv.slice(3), () => {});
listen(server, Number(process.argv[2] || 0), 'Socket.IO ' + require('socket.io/package.json').version);
