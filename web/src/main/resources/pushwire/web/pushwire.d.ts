// Type declarations for pushwire.js, the Pushwire browser client (docs/browser.md).

/** A transport pushwire.js can use, best first: "websocket", "sse", "longpolling", "polling". */
export type Transport = "websocket" | "sse" | "longpolling" | "polling";

/** Every transport, best first. */
export const TRANSPORTS: readonly Transport[];

export interface ConnectOptions {
  /** Transports to try, in order; one entry forces it. Default: all four, best first. */
  transports?: Transport[];
  /** WebSocket subprotocols. Default: none. */
  protocols?: string | string[];
  /** How long one transport may take to open before the next is tried, in ms. Default 5000. */
  openTimeout?: number;
  /** Reconnect after a drop or a close code that allows it. Default true. */
  reconnect?: boolean;
  /** Failed connection rounds in a row before giving up (close 1006). Default Infinity. */
  maxReconnectAttempts?: number;
  /** First backoff delay, in ms. Default 500. */
  initialBackoff?: number;
  /** Largest backoff delay, in ms. Default 15000. */
  maxBackoff?: number;
  /** Backoff growth per attempt. Default 2. */
  backoffFactor?: number;
  /** Fraction of each delay taken off at random (0..1). Default 0.5. */
  backoffJitter?: number;
  /** Messages waiting to go out before send() throws QueueFullError. Default 1000. */
  maxQueuedMessages?: number;
  /** Bytes waiting to go out before send() throws QueueFullError. Default 1048576. */
  maxQueuedBytes?: number;
  /** Polling transport: delay between polls, in ms. Default 1000. */
  pollInterval?: number;
  /** Slack over the server's heartbeat or hold time before the receive side is restarted, in ms. Default 10000. */
  livenessGrace?: number;
  /** Remember the transport that worked, per origin, in sessionStorage. Default true. */
  remember?: boolean;
  /** On a fallback transport, probe WebSocket again after this many ms (doubling on failure); 0: never. Default 30000. */
  upgradeAfter?: number;
  /** Hub connection token (a JWT), or a function returning one (or a promise of one), asked on every connect. */
  token?: string | (() => string | Promise<string>);
}

/** Thrown by send() when the outgoing queue is full. */
export class QueueFullError extends Error {
  readonly name: "QueueFullError";
  readonly code: "queue_full";
}

/** Why a transport could not be used or was lost. */
export class TransportError extends Error {
  readonly transport: Transport;
  /** HTTP status, 0 for a network error. */
  readonly status: number;
  /** The server's stable error code (docs/protocol.md), or "". */
  readonly code: string;
}

export interface TransportChangeEvent extends Event {
  readonly transport: Transport;
  /** The transport before, or "" for the first one. */
  readonly previous: Transport | "";
}

export interface DisconnectEvent extends Event {
  readonly code: number;
  readonly reason: string;
  readonly error: Error | null;
}

export interface ReconnectEvent extends Event {
  readonly transport: Transport;
  /** true: the same server-side session continued (nothing lost); false: a new server-side connection. */
  readonly resumed: boolean;
}

export interface ErrorEvent extends Event {
  readonly error: Error;
}

export interface PushwireSocketEventMap {
  open: Event;
  message: MessageEvent;
  close: CloseEvent;
  error: ErrorEvent;
  transportchange: TransportChangeEvent;
  disconnect: DisconnectEvent;
  reconnect: ReconnectEvent;
}

/** A WebSocket-shaped connection that picks its transport, reconnects by itself and resumes where it can. */
export class PushwireSocket extends EventTarget {
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;

  constructor(url: string, options?: ConnectOptions);

  /** The absolute http(s) URL. */
  readonly url: string;
  /** 0 until the first open, 1 from then on (also while reconnecting), 2 after close(), 3 at the end. */
  readonly readyState: 0 | 1 | 2 | 3;
  /** The transport in use (or last used while reconnecting); "" before the first open. */
  readonly transport: Transport | "";
  /** True while a link to the server is up. */
  readonly connected: boolean;
  /** Bytes queued by send() and not yet handed to the network (or, on HTTP, not yet acknowledged). */
  readonly bufferedAmount: number;
  /** How binary messages are delivered. Default "blob". */
  binaryType: "blob" | "arraybuffer";

  onopen: ((this: PushwireSocket, ev: Event) => any) | null;
  onmessage: ((this: PushwireSocket, ev: MessageEvent) => any) | null;
  onclose: ((this: PushwireSocket, ev: CloseEvent) => any) | null;
  onerror: ((this: PushwireSocket, ev: ErrorEvent) => any) | null;
  ontransportchange: ((this: PushwireSocket, ev: TransportChangeEvent) => any) | null;
  ondisconnect: ((this: PushwireSocket, ev: DisconnectEvent) => any) | null;
  onreconnect: ((this: PushwireSocket, ev: ReconnectEvent) => any) | null;

  /** Queues a message, delivered in order. Throws QueueFullError when full, InvalidStateError after close(). */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void;
  /** Closes for good; `code` 1000 or 3000-4999, `reason` at most 123 UTF-8 bytes. Queued messages go first. */
  close(code?: number, reason?: string): void;
  /** A channel of the hub this socket is connected to (e.g. connect("/pushwire")). */
  channel(name: string): Channel;

  addEventListener<K extends keyof PushwireSocketEventMap>(type: K,
    listener: (this: PushwireSocket, ev: PushwireSocketEventMap[K]) => any,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PushwireSocketEventMap>(type: K,
    listener: (this: PushwireSocket, ev: PushwireSocketEventMap[K]) => any,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

/** Where a subscriber is in a channel: the last publication handled. */
export interface StreamPosition {
  epoch: string;
  offset: number;
}

export interface ClientInfo {
  client: string;
  user: string;
  info?: unknown;
}

export interface Publication {
  channel: string;
  offset: number;
  epoch: string;
  data: unknown;
  /** The publishing client; absent when the server published. */
  info?: ClientInfo;
}

/** A failed hub command: `code` is the hub's stable error code (docs/hub.md), "connection_lost" or "closed". */
export class HubError extends Error {
  readonly code: string;
}

/**
 * A hub channel. Events: "publication" (ev.publication), "join" / "leave" (ev.client), "dropped" (ev.count:
 * publications the channel's slow-subscriber policy dropped for this client), "subscribed" (ev.recovered), "unrecoverable" (missed publications could not be recovered; subscribed again from now), "error".
 */
export class Channel extends EventTarget {
  readonly name: string;
  /** The last publication delivered, or null. */
  readonly position: StreamPosition | null;
  /** Subscribes once and calls `fn` for every publication, in order, each once; resolves when subscribed. */
  subscribe(fn?: (publication: Publication) => void, options?: { since?: StreamPosition }):
    Promise<{ epoch: string; offset: number; recovered?: boolean }>;
  unsubscribe(): Promise<void>;
  publish(data: unknown): Promise<StreamPosition>;
  presence(): Promise<ClientInfo[]>;
  history(options?: { limit?: number; since?: StreamPosition }):
    Promise<{ epoch: string; offset: number; publications: Publication[] }>;
}

/**
 * The delay in ms before reconnecting after a draining server's close reason ("server draining; reconnect within N
 * ms"): a random moment of that window; null for any other reason.
 */
export function drainDelay(reason: string): number | null;

/** Whether the client reconnects after close code `code` (1001, 1006, 1011-1014, 4000-4499). */
export function shouldReconnect(code: number): boolean;

/** The default options. */
export const DEFAULTS: Readonly<Required<Omit<ConnectOptions, "protocols" | "token">>>;

/** Opens a PushwireSocket to `url` (relative to the page, or http(s)://, ws(s)://). */
export function connect(url: string, options?: ConnectOptions): PushwireSocket;
