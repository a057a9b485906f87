/*
 * wsecho: the WebSocket echo load generator of `bench ws` (Pushwire's bench module), written in C so that on a
 * 2-core machine shared with the server it takes as little CPU per echo as it can (see docs/BENCHMARKS.md, "The
 * load generator").
 *
 * What it does: opens N connections to ws://HOST:PORT/PATH (RFC 6455 client handshake; the server's
 * Sec-WebSocket-Accept is checked against SHA-1/base64 of our key, see sha1.h), then keeps K text messages of S
 * ASCII bytes in flight on each (a new one is sent as each echo arrives). Every frame is pre-encoded and
 * pre-masked once per connection (its own random mask key), so sending is a copy-free send of bytes in place. It runs T
 * threads, each with a share of the connections and its own io_uring (raw system calls, no liburing): one
 * io_uring_enter per loop turn submits the sends and receives of every connection that has work and reaps their
 * completions, where epoll would take a read() and a write() per connection and turn (each one a system call, and
 * on loopback each write wakes the server and often hands it the CPU). On this machine that made the generator's
 * CPU per echo 3.1-3.6 us against epoll's 8.3 (A/B, docs/BENCHMARKS.md). Without io_uring (old kernel, disabled
 * by sysctl or seccomp) or with -e epoll it runs on epoll (level-triggered, non-blocking sockets, a loop turn's
 * reads first and then its writes).
 * Every received frame is validated: FIN/RSV bits, no mask from the server, known opcode, fragments in order, and
 * each echoed message must be a text message whose bytes equal what was sent; anything else counts as an error, as
 * does a connection that closes during the run. Round trips are counted and their latency (from queueing a
 * message to reading its echo, CLOCK_MONOTONIC) recorded in a log-linear histogram (1/128 precision).
 *
 * Phases: W ms of warm-up, then M ms measured. It prints, one line each, on stdout:
 *   open connections=N failures=F io=X     after the handshakes (X: io_uring or epoll)
 *   window-open                            when the measured window starts
 *   window-close                           when it ends
 *   result completed=.. seconds=.. errors=.. closed=.. p50_us=.. p99_us=.. p999_us=.. max_us=.. cpu_ms=..
 * (cpu_ms: its own user + system CPU over the window, from getrusage). The run's first problem goes to stderr.
 * Exit status 0 when it ran (errors are reported, not fatal), 2 for bad arguments, 1 when no connection opened.
 *
 * Built by bench/run (and by the bench tests) with the system's C compiler:
 *   cc -O2 -std=gnu11 -pthread -o bench/target/wsecho bench/src/main/c/wsecho.c
 * Run:
 *   bench/target/wsecho -p 8080 [-H 127.0.0.1] [-u /echo] [-c 100] [-k 1] [-s 32] [-w 3000] [-m 8000] [-t 2]
 *                       [-e io_uring|epoll]
 *
 * Not supported (not needed by the bench peers): TLS, extensions, server pings (a ping's payload is skipped, not
 * answered), messages larger than 2^31 bytes.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "sha1.h"

/* ---------- latency histogram: log-linear, 128 sub-buckets per power of two, in nanoseconds ---------- */

#define SUB_BITS 7
#define HIST_SIZE ((48 - SUB_BITS + 1) << SUB_BITS)

static int hist_index(uint64_t v) {
    if (v < (2u << SUB_BITS)) {
        return (int)v;
    }
    int e = 63 - __builtin_clzll(v) - SUB_BITS;
    int i = (e << SUB_BITS) + (int)(v >> e);
    return i < HIST_SIZE ? i : HIST_SIZE - 1;
}

static uint64_t hist_value(int i) {
    if (i < (2 << SUB_BITS)) {
        return (uint64_t)i;
    }
    int e = (i >> SUB_BITS) - 1;
    uint64_t m = (uint64_t)(i - (e << SUB_BITS));
    return (m << e) + ((1ull << e) >> 1);
}

static uint64_t hist_percentile(const uint64_t *h, uint64_t count, double pct) {
    uint64_t want = (uint64_t)(count * pct / 100.0 + 0.5);
    if (want < 1) want = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_SIZE; i++) {
        seen += h[i];
        if (seen >= want) return hist_value(i);
    }
    return 0;
}

/* ---------- connections and the epoll loop ---------- */

enum { PHASE_WARMUP, PHASE_MEASURE, PHASE_STOP };
static _Atomic int phase = PHASE_WARMUP;

static const uint8_t *payload; /* the message every connection sends, unmasked */
static size_t payload_len;
static int in_flight;

typedef struct {
    int fd;
    int dead;              /* closed or broken: no more reads or writes */
    uint8_t *out;          /* in_flight + 1 copies of this connection's masked frame */
    size_t frame_len;
    size_t out_size;
    size_t owed;           /* bytes queued and not yet written */
    uint64_t written;      /* bytes written so far (position in the periodic stream of frames) */
    int want_out;          /* epoll: EPOLLOUT registered */
    int sending;           /* io_uring: a send is submitted and not yet complete */
    int dirty;             /* io_uring: on the worker's list of connections with bytes to send */
    uint8_t *in;           /* io_uring: this connection's receive buffer (RECV_BUF bytes) */
    uint64_t *sent_at;     /* ring of in_flight send times */
    uint64_t head, tail;   /* messages queued, messages echoed */
    /* frame parser */
    uint8_t hdr[14];
    int hdr_len;
    uint64_t remaining;    /* payload bytes left in the current frame */
    int frame_op, frame_fin, in_message, msg_bad;
    uint64_t msg_off;
} conn_t;

/* One io_uring instance (raw system calls: no liburing here), used by one thread. */
typedef struct {
    int fd;
    unsigned entries;
    _Atomic unsigned *sq_head, *sq_tail, *cq_head, *cq_tail;
    unsigned sq_mask, cq_mask, *sq_array, local_tail, to_submit;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
} ring_t;

typedef struct {
    pthread_t thread;
    int epfd;
    ring_t ring;
    conn_t **dirty;
    int ndirty;
    conn_t **conns;
    int n;
    uint64_t completed, errors, closed;
    uint64_t hist[HIST_SIZE];
    uint64_t hist_count, max_ns;
} worker_t;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Prints the first problem of the run to stderr (the counts go to the result line). */
static void report_once(const char *what) {
    static _Atomic int said;
    if (!atomic_exchange(&said, 1)) {
        fprintf(stderr, "wsecho: %s\n", what);
    }
}

static void set_out_interest(worker_t *w, conn_t *c, int want) {
    if (c->want_out == want) return;
    struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want;
}

static void kill_conn(worker_t *w, conn_t *c, const char *why) {
    if (c->dead) return;
    c->dead = 1;
    epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    if (atomic_load_explicit(&phase, memory_order_relaxed) != PHASE_STOP) {
        w->closed++;
        report_once(why);
    }
}

static void flush_conn(worker_t *w, conn_t *c) {
    while (c->owed > 0 && !c->dead) {
        size_t off = c->written % c->frame_len;
        size_t len = c->owed; /* off + owed <= out_size: owed is at most in_flight frames */
        ssize_t n = write(c->fd, c->out + off, len);
        if (n > 0) {
            c->owed -= (size_t)n;
            c->written += (uint64_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            set_out_interest(w, c, 1);
            return;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            kill_conn(w, c, "a write failed (connection closed by the server?)");
            return;
        }
    }
    set_out_interest(w, c, 0);
}

static void queue_send(conn_t *c, uint64_t t) {
    c->sent_at[c->head++ % (uint64_t)in_flight] = t;
    c->owed += c->frame_len;
}

static void bad(worker_t *w, const char *what) {
    w->errors++;
    report_once(what);
}

/* A whole message arrived: check it, count its round trip, send the next. */
static void on_message(worker_t *w, conn_t *c) {
    uint64_t t = now_ns();
    if (c->frame_op != 1 || c->msg_off != payload_len || c->msg_bad) {
        bad(w, c->frame_op != 1 ? "an echo was not a text message"
                : c->msg_bad ? "an echo's bytes differ from what was sent" : "an echo had the wrong length");
    }
    if (c->tail == c->head) {
        bad(w, "a message arrived with none in flight");
        return;
    }
    uint64_t rtt = t - c->sent_at[c->tail++ % (uint64_t)in_flight];
    int ph = atomic_load_explicit(&phase, memory_order_relaxed);
    if (ph == PHASE_MEASURE) {
        w->completed++;
        w->hist[hist_index(rtt)]++;
        w->hist_count++;
        if (rtt > w->max_ns) w->max_ns = rtt;
    }
    if (ph != PHASE_STOP) {
        queue_send(c, t);
    }
}

/* Parses received bytes frame by frame, comparing payload bytes with the payload in place (no copy). */
static void on_bytes(worker_t *w, conn_t *c, const uint8_t *p, size_t n) {
    size_t pos = 0;
    while (pos < n && !c->dead) {
        if (c->remaining == 0 && c->hdr_len >= 0) {
            /* header: 2 bytes, then 2 or 8 bytes of extended length */
            c->hdr[c->hdr_len++] = p[pos++];
            if (c->hdr_len < 2) continue;
            int len7 = c->hdr[1] & 0x7f;
            int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
            if (c->hdr_len < need) continue;
            uint64_t len = (uint64_t)len7;
            if (len7 == 126) len = (uint64_t)c->hdr[2] << 8 | c->hdr[3];
            if (len7 == 127) {
                len = 0;
                for (int i = 2; i < 10; i++) len = len << 8 | c->hdr[i];
            }
            int op = c->hdr[0] & 0x0f, fin = c->hdr[0] >> 7;
            c->hdr_len = 0;
            if ((c->hdr[0] & 0x70) || (c->hdr[1] & 0x80) || len > (1ull << 31)) {
                bad(w, "a malformed frame (RSV bits, a mask from the server, or a huge length)");
                kill_conn(w, c, "closed after a malformed frame");
                return;
            }
            if (op == 8) {
                kill_conn(w, c, "the server sent a close frame during the run");
                return;
            }
            if (op == 9 || op == 10) { /* ping/pong: skip its payload */
                if (!fin || len > 125) { bad(w, "a malformed control frame"); }
                c->remaining = len;
                c->hdr_len = -1; /* marks a control frame's payload */
                if (len == 0) c->hdr_len = 0;
                continue;
            }
            if (op == 1 || op == 2) {
                if (c->in_message) bad(w, "a new message began inside a fragmented one");
                c->in_message = 1;
                c->frame_op = op;
                c->msg_off = 0;
                c->msg_bad = 0;
            } else if (op == 0) {
                if (!c->in_message) bad(w, "a continuation frame with no message");
            } else {
                bad(w, "a frame with an unknown opcode");
                kill_conn(w, c, "closed after an unknown opcode");
                return;
            }
            c->frame_fin = fin;
            c->remaining = len;
        } else {
            size_t m = n - pos < c->remaining ? n - pos : (size_t)c->remaining;
            if (c->hdr_len >= 0) { /* a data frame: compare with what was sent */
                size_t cmp = c->msg_off >= payload_len ? 0
                        : (payload_len - c->msg_off < m ? payload_len - c->msg_off : m);
                /* bytes beyond the payload's length are not compared: msg_off then says the length is wrong */
                if (cmp > 0 && memcmp(p + pos, payload + c->msg_off, cmp) != 0) c->msg_bad = 1;
                c->msg_off += m;
            }
            pos += m;
            c->remaining -= m;
            if (c->remaining == 0 && c->hdr_len < 0) {
                c->hdr_len = 0; /* end of a control frame */
                continue;
            }
        }
        if (c->remaining == 0 && c->hdr_len == 0 && c->in_message && c->frame_fin) {
            c->in_message = 0;
            c->frame_fin = 0;
            on_message(w, c);
        }
    }
}

static void *run_worker(void *arg) {
    worker_t *w = arg;
    static __thread uint8_t buf[65536];
    uint64_t t = now_ns();
    for (int i = 0; i < w->n; i++) {
        for (int k = 0; k < in_flight; k++) queue_send(w->conns[i], t);
        flush_conn(w, w->conns[i]);
    }
    struct epoll_event evs[512];
    while (atomic_load_explicit(&phase, memory_order_relaxed) != PHASE_STOP) {
        int ready = epoll_wait(w->epfd, evs, 512, 50);
        for (int i = 0; i < ready; i++) {
            conn_t *c = evs[i].data.ptr;
            if (c->dead) continue;
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                for (;;) {
                    ssize_t n = read(c->fd, buf, sizeof buf);
                    if (n > 0) {
                        on_bytes(w, c, buf, (size_t)n);
                        if ((size_t)n < sizeof buf || c->dead) break;
                    } else if (n < 0 && errno == EINTR) {
                        continue;
                    } else {
                        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                            kill_conn(w, c, "the server closed a connection during the run");
                        }
                        break;
                    }
                }
            }
        }
        /* all reads first, then all writes: the server wakes once for the batch, not once per echo */
        for (int i = 0; i < ready; i++) {
            conn_t *c = evs[i].data.ptr;
            if (!c->dead) flush_conn(w, c);
        }
    }
    return NULL;
}

/* ---------- io_uring: one system call per loop turn submits every connection's receive and send ---------- */

#define RECV_BUF 65536
static int use_uring = 1;

static int ring_init(ring_t *r, unsigned entries) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    /* completions are reaped only when we ask (io_uring_enter with GETEVENTS): no task-work interrupts */
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    int fd = (int)syscall(__NR_io_uring_setup, entries, &p);
    if (fd < 0) {
        memset(&p, 0, sizeof p);
        fd = (int)syscall(__NR_io_uring_setup, entries, &p);
    }
    if (fd < 0 || !(p.features & IORING_FEAT_SINGLE_MMAP) || !(p.features & IORING_FEAT_EXT_ARG)) {
        if (fd >= 0) close(fd);
        return -1;
    }
    size_t sq_size = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_size = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    size_t size = sq_size > cq_size ? sq_size : cq_size;
    uint8_t *q = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    void *sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
            MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (q == MAP_FAILED || sqes == MAP_FAILED) {
        close(fd);
        return -1;
    }
    r->fd = fd;
    r->entries = p.sq_entries;
    r->sq_head = (_Atomic unsigned *)(q + p.sq_off.head);
    r->sq_tail = (_Atomic unsigned *)(q + p.sq_off.tail);
    r->sq_mask = *(unsigned *)(q + p.sq_off.ring_mask);
    r->sq_array = (unsigned *)(q + p.sq_off.array);
    r->cq_head = (_Atomic unsigned *)(q + p.cq_off.head);
    r->cq_tail = (_Atomic unsigned *)(q + p.cq_off.tail);
    r->cq_mask = *(unsigned *)(q + p.cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(q + p.cq_off.cqes);
    r->sqes = sqes;
    r->local_tail = atomic_load(r->sq_tail);
    return 0;
}

/* Submits what is queued; with wait, also waits up to 50 ms for a completion. */
static void ring_enter(ring_t *r, int wait) {
    atomic_store_explicit(r->sq_tail, r->local_tail, memory_order_release);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 50 * 1000000L};
    struct io_uring_getevents_arg arg = {.sigmask = 0, .sigmask_sz = 8, .ts = (uint64_t)(uintptr_t)&ts};
    unsigned flags = wait ? IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG : 0;
    long n = syscall(__NR_io_uring_enter, r->fd, r->to_submit, wait ? 1 : 0, flags, wait ? &arg : NULL,
            wait ? sizeof arg : 0);
    if (n > 0) r->to_submit -= (unsigned)n < r->to_submit ? (unsigned)n : r->to_submit;
}

static struct io_uring_sqe *ring_sqe(ring_t *r) {
    while (r->local_tail - atomic_load_explicit(r->sq_head, memory_order_acquire) >= r->entries) {
        ring_enter(r, 0); /* full: submit first */
    }
    unsigned i = r->local_tail & r->sq_mask;
    struct io_uring_sqe *e = &r->sqes[i];
    memset(e, 0, sizeof *e);
    r->sq_array[i] = i;
    r->local_tail++;
    r->to_submit++;
    return e;
}

/* user_data: the connection's address, its low bit 1 for a send */
static void prep_recv(ring_t *r, conn_t *c) {
    struct io_uring_sqe *e = ring_sqe(r);
    e->opcode = IORING_OP_RECV;
    e->fd = c->fd;
    e->addr = (uint64_t)(uintptr_t)c->in;
    e->len = RECV_BUF;
    e->user_data = (uint64_t)(uintptr_t)c;
}

static void prep_send(ring_t *r, conn_t *c) {
    struct io_uring_sqe *e = ring_sqe(r);
    e->opcode = IORING_OP_SEND;
    e->fd = c->fd;
    e->addr = (uint64_t)(uintptr_t)(c->out + c->written % c->frame_len);
    e->len = (unsigned)c->owed; /* written % frame_len + owed <= out_size: owed is at most in_flight frames */
    e->msg_flags = MSG_NOSIGNAL;
    e->user_data = (uint64_t)(uintptr_t)c | 1;
    c->sending = 1;
}

static void *run_uring_worker(void *arg) {
    worker_t *w = arg;
    ring_t *r = &w->ring;
    unsigned entries = 64;
    while (entries < 2u * (unsigned)w->n + 8) entries *= 2;
    /* made here: a single-issuer ring belongs to the thread that creates it */
    if (ring_init(r, entries) != 0) {
        fprintf(stderr, "wsecho: io_uring_setup failed in a worker\n");
        exit(1);
    }
    uint64_t t = now_ns();
    for (int i = 0; i < w->n; i++) {
        conn_t *c = w->conns[i];
        for (int k = 0; k < in_flight; k++) queue_send(c, t);
        prep_send(r, c);
        prep_recv(r, c);
    }
    while (atomic_load_explicit(&phase, memory_order_relaxed) != PHASE_STOP) {
        ring_enter(r, 1);
        unsigned head = atomic_load_explicit(r->cq_head, memory_order_relaxed);
        unsigned tail = atomic_load_explicit(r->cq_tail, memory_order_acquire);
        for (; head != tail; head++) {
            struct io_uring_cqe *e = &r->cqes[head & r->cq_mask];
            conn_t *c = (conn_t *)(uintptr_t)(e->user_data & ~1ull);
            int res = e->res;
            if (c->dead) continue;
            if (e->user_data & 1) { /* a send completed */
                c->sending = 0;
                if (res > 0) {
                    c->owed -= (size_t)res;
                    c->written += (uint64_t)res;
                } else if (res != -EINTR && res != -EAGAIN) {
                    kill_conn(w, c, "a send failed (connection closed by the server?)");
                    continue;
                }
            } else if (res > 0) {
                on_bytes(w, c, c->in, (size_t)res);
                if (!c->dead) prep_recv(r, c);
            } else if (res == -EINTR || res == -EAGAIN) {
                prep_recv(r, c);
            } else {
                kill_conn(w, c, "the server closed a connection during the run");
                continue;
            }
            if (!c->dead && c->owed > 0 && !c->sending && !c->dirty) {
                c->dirty = 1;
                w->dirty[w->ndirty++] = c;
            }
        }
        atomic_store_explicit(r->cq_head, head, memory_order_release);
        for (int i = 0; i < w->ndirty; i++) {
            conn_t *c = w->dirty[i];
            c->dirty = 0;
            if (!c->dead && c->owed > 0 && !c->sending) prep_send(r, c);
        }
        w->ndirty = 0;
    }
    return NULL;
}

/* ---------- handshake ---------- */

static int open_conn(const char *host, int port, const char *path, conn_t *c) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    uint8_t nonce[16];
    char key[32], accept_want[32], req[512];
    if (getrandom(nonce, sizeof nonce, 0) != sizeof nonce) { close(fd); return -1; }
    base64(nonce, sizeof nonce, key);
    char keyguid[96];
    int kg = snprintf(keyguid, sizeof keyguid, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    uint8_t digest[20];
    sha1((const uint8_t *)keyguid, (size_t)kg, digest);
    base64(digest, 20, accept_want);
    int rl = snprintf(req, sizeof req,
            "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", path, host, port, key);
    if (write(fd, req, (size_t)rl) != rl) { close(fd); return -1; }
    char resp[4096];
    size_t got = 0;
    char *end = NULL;
    while (!end && got < sizeof resp - 1) {
        ssize_t n = read(fd, resp + got, sizeof resp - 1 - got);
        if (n <= 0) { close(fd); return -1; }
        got += (size_t)n;
        resp[got] = 0;
        end = strstr(resp, "\r\n\r\n");
    }
    if (!end || strncmp(resp, "HTTP/1.1 101", 12) != 0 || (size_t)(end + 4 - resp) != got) {
        /* not an upgrade, or bytes after the response before we sent anything */
        close(fd);
        return -1;
    }
    char *acc = strcasestr(resp, "\r\nSec-WebSocket-Accept:");
    if (!acc) { close(fd); return -1; }
    acc += strlen("\r\nSec-WebSocket-Accept:");
    while (*acc == ' ') acc++;
    if (strncmp(acc, accept_want, strlen(accept_want)) != 0) { close(fd); return -1; }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

    /* this connection's frame: FIN + text, the mask bit, the length, a random mask key, the masked payload */
    uint8_t mask[4];
    if (getrandom(mask, 4, 0) != 4) { close(fd); return -1; }
    size_t h = 2 + (payload_len >= 65536 ? 8 : payload_len >= 126 ? 2 : 0) + 4;
    c->frame_len = h + payload_len;
    c->out_size = c->frame_len * (size_t)(in_flight + 1);
    c->out = malloc(c->out_size);
    c->sent_at = calloc((size_t)in_flight, sizeof(uint64_t));
    c->in = use_uring ? malloc(RECV_BUF) : NULL;
    if (!c->out || !c->sent_at || (use_uring && !c->in)) { close(fd); return -1; }
    uint8_t *f = c->out;
    f[0] = 0x81;
    if (payload_len >= 65536) {
        f[1] = 0x80 | 127;
        for (int i = 0; i < 8; i++) f[2 + i] = (uint8_t)((uint64_t)payload_len >> (56 - 8 * i));
    } else if (payload_len >= 126) {
        f[1] = 0x80 | 126;
        f[2] = (uint8_t)(payload_len >> 8);
        f[3] = (uint8_t)payload_len;
    } else {
        f[1] = 0x80 | (uint8_t)payload_len;
    }
    memcpy(f + h - 4, mask, 4);
    for (size_t i = 0; i < payload_len; i++) f[h + i] = payload[i] ^ mask[i & 3];
    for (int k = 1; k <= in_flight; k++) memcpy(c->out + k * c->frame_len, f, c->frame_len);
    c->fd = fd;
    return 0;
}

static uint64_t cpu_ms(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000
            + (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

static void sleep_ms(long ms) {
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1", *path = "/echo";
    int port = 0, conns = 100, threads = 2;
    long size = 32, warmup_ms = 3000, measure_ms = 8000;
    in_flight = 1;
    int opt;
    while ((opt = getopt(argc, argv, "H:p:u:c:k:s:w:m:t:e:")) != -1) {
        switch (opt) {
            case 'H': host = optarg; break;
            case 'p': port = atoi(optarg); break;
            case 'u': path = optarg; break;
            case 'c': conns = atoi(optarg); break;
            case 'k': in_flight = atoi(optarg); break;
            case 's': size = atol(optarg); break;
            case 'w': warmup_ms = atol(optarg); break;
            case 'm': measure_ms = atol(optarg); break;
            case 't': threads = atoi(optarg); break;
            case 'e': use_uring = strcmp(optarg, "epoll") != 0; break; /* io_uring (the default) or epoll */
            default: return 2;
        }
    }
    if (port <= 0 || conns < 1 || in_flight < 1 || size < 1 || size > (1L << 30) || threads < 1 || measure_ms < 1) {
        fprintf(stderr, "usage: wsecho -p PORT [-H 127.0.0.1] [-u /echo] [-c 100] [-k 1] [-s 32] [-w 3000] [-m 8000]"
                " [-t 2] [-e io_uring|epoll]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* a server that closes mid-run is counted (closed=), not fatal */
    static const char alphabet[] = "pushwire-bench-0123456789-abcdefghijklmnopqrstuvwxyz ";
    uint8_t *p = malloc((size_t)size);
    for (long i = 0; i < size; i++) p[i] = (uint8_t)alphabet[i % (long)(sizeof alphabet - 1)];
    payload = p;
    payload_len = (size_t)size;

    if (threads > conns) threads = conns;
    worker_t *workers = calloc((size_t)threads, sizeof(worker_t));
    conn_t *all = calloc((size_t)conns, sizeof(conn_t));
    for (int t = 0; t < threads; t++) {
        workers[t].epfd = epoll_create1(0);
        workers[t].conns = calloc((size_t)conns, sizeof(conn_t *));
        workers[t].dirty = calloc((size_t)conns, sizeof(conn_t *));
    }
    if (use_uring) { /* a probe: without io_uring (old kernel, disabled by sysctl or seccomp) it runs on epoll */
        ring_t probe;
        if (ring_init(&probe, 8) != 0) use_uring = 0;
        else close(probe.fd); /* (its two small mappings stay until exit) */
    }
    int opened = 0, failures = 0;
    for (int i = 0; i < conns; i++) {
        conn_t *c = &all[opened];
        if (open_conn(host, port, path, c) != 0) {
            failures++;
            continue;
        }
        worker_t *w = &workers[opened % threads];
        if (!use_uring) {
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
            epoll_ctl(w->epfd, EPOLL_CTL_ADD, c->fd, &ev);
        }
        w->conns[w->n++] = c;
        opened++;
    }
    printf("open connections=%d failures=%d io=%s\n", opened, failures, use_uring ? "io_uring" : "epoll");
    fflush(stdout);
    if (opened == 0) return 1;
    for (int t = 0; t < threads; t++) {
        if (workers[t].n > 0) {
            pthread_create(&workers[t].thread, NULL, use_uring ? run_uring_worker : run_worker, &workers[t]);
        }
    }
    sleep_ms(warmup_ms);
    uint64_t cpu0 = cpu_ms(), t0 = now_ns();
    atomic_store(&phase, PHASE_MEASURE);
    printf("window-open\n");
    fflush(stdout);
    sleep_ms(measure_ms);
    atomic_store(&phase, PHASE_STOP);
    uint64_t t1 = now_ns(), cpu1 = cpu_ms();
    printf("window-close\n");
    fflush(stdout);

    uint64_t completed = 0, errors = 0, closed = 0, count = 0, max_ns = 0;
    static uint64_t hist[HIST_SIZE];
    for (int t = 0; t < threads; t++) {
        worker_t *w = &workers[t];
        if (w->n > 0) pthread_join(w->thread, NULL);
        completed += w->completed;
        errors += w->errors;
        closed += w->closed;
        count += w->hist_count;
        if (w->max_ns > max_ns) max_ns = w->max_ns;
        for (int i = 0; i < HIST_SIZE; i++) hist[i] += w->hist[i];
    }
    printf("result completed=%llu seconds=%.3f errors=%llu closed=%llu p50_us=%.1f p99_us=%.1f p999_us=%.1f"
           " max_us=%.1f cpu_ms=%llu connections=%d failures=%d\n",
           (unsigned long long)completed, (t1 - t0) / 1e9, (unsigned long long)errors, (unsigned long long)closed,
           hist_percentile(hist, count, 50) / 1e3, hist_percentile(hist, count, 99) / 1e3,
           hist_percentile(hist, count, 99.9) / 1e3, max_ns / 1e3, (unsigned long long)(cpu1 - cpu0), opened,
           failures);
    fflush(stdout);
    for (int i = 0; i < opened; i++) close(all[i].fd);
    return 0;
}
