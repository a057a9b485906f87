package dev.pushwire.server.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a forwarded HTTP request and of the answer parts that come back, on the cluster bus. Pure functions.
 *
 * <pre>
 * request  = stream id (long) | method | uri | version | header count (int) | (name, value)* | body (int + bytes)
 * answer   = part count (int) | part*                      (the bus answer to the request: parts 0..n-1)
 * message  = PARTS (1) | stream id | first part index (int) | part count | part*     owner to receiving node
 *          | CANCEL (2) | stream id                                                  receiving node to owner
 * part     = HEAD (1) status headers | FULL (2) status headers body | CHUNK (3) body | END (4) | CLOSE (5)
 * string   = UTF-8 with an unsigned short length
 * </pre>
 */
final class ForwardCodec {
    static final byte PARTS = 1;
    static final byte CANCEL = 2;
    static final byte HEAD = 1;
    static final byte FULL = 2;
    static final byte CHUNK = 3;
    static final byte END = 4;
    static final byte CLOSE = 5;

    private ForwardCodec() {
    }

    /** One part of an answer: an HTTP object to write, or (kind CLOSE, no object) "close the connection now". */
    record Part(byte kind, HttpObject object) {
    }

    /** A forwarded request with the stream id its answer parts are sent under. */
    record Forwarded(long streamId, FullHttpRequest request) {
    }

    static byte[] encodeRequest(long streamId, FullHttpRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + request.content().readableBytes());
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeLong(streamId);
            out.writeUTF(request.method().name());
            out.writeUTF(request.uri());
            out.writeUTF(request.protocolVersion().text());
            writeHeaders(out, request.headers());
            writeBody(out, request.content());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The request (its content is a heap buffer the caller releases). */
    static Forwarded decodeRequest(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        long streamId = in.readLong();
        HttpMethod method = HttpMethod.valueOf(in.readUTF());
        String uri = in.readUTF();
        HttpVersion version = HttpVersion.valueOf(in.readUTF());
        DefaultFullHttpRequest r = new DefaultFullHttpRequest(version, method, uri);
        readHeaders(in, r.headers());
        byte[] body = readBody(in);
        r.content().writeBytes(body);
        return new Forwarded(streamId, r);
    }

    /** Appends {@code msg} as a part (and releases it). */
    static void encodePart(DataOutputStream out, HttpObject msg) throws IOException {
        try {
            if (msg instanceof FullHttpResponse full) {
                out.writeByte(FULL);
                out.writeShort(full.status().code());
                writeHeaders(out, full.headers());
                writeBody(out, full.content());
            } else if (msg instanceof HttpResponse head) {
                out.writeByte(HEAD);
                out.writeShort(head.status().code());
                writeHeaders(out, head.headers());
            } else if (msg instanceof LastHttpContent last) {
                if (last.content().isReadable()) {
                    out.writeByte(CHUNK);
                    writeBody(out, last.content());
                }
                out.writeByte(END);
            } else if (msg instanceof HttpContent chunk) {
                out.writeByte(CHUNK);
                writeBody(out, chunk.content());
            } else {
                throw new IllegalArgumentException("not an answer part: " + msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    static void encodeClose(DataOutputStream out) throws IOException {
        out.writeByte(CLOSE);
    }

    /** {@code count} parts from {@code in}, as HTTP objects to write. */
    static List<Part> decodeParts(DataInputStream in, int count) throws IOException {
        List<Part> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte kind = in.readByte();
            switch (kind) {
                case FULL -> {
                    HttpResponseStatus status = HttpResponseStatus.valueOf(in.readUnsignedShort());
                    DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                            Unpooled.wrappedBuffer(new byte[0]));
                    readHeaders(in, r.headers());
                    parts.add(new Part(kind, r.replace(Unpooled.wrappedBuffer(readBody(in)))));
                }
                case HEAD -> {
                    DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(in.readUnsignedShort()));
                    readHeaders(in, r.headers());
                    parts.add(new Part(kind, r));
                }
                case CHUNK -> parts.add(new Part(kind, new DefaultHttpContent(Unpooled.wrappedBuffer(readBody(in)))));
                case END -> parts.add(new Part(kind, LastHttpContent.EMPTY_LAST_CONTENT));
                case CLOSE -> parts.add(new Part(kind, null));
                default -> throw new IOException("unknown answer part " + kind);
            }
        }
        return parts;
    }

    private static void writeHeaders(DataOutputStream out, HttpHeaders headers) throws IOException {
        out.writeInt(headers.size());
        for (Map.Entry<String, String> h : headers) {
            out.writeUTF(h.getKey());
            out.writeUTF(h.getValue());
        }
    }

    private static void readHeaders(DataInputStream in, HttpHeaders into) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            into.add(in.readUTF(), in.readUTF());
        }
    }

    private static void writeBody(DataOutputStream out, ByteBuf body) throws IOException {
        out.writeInt(body.readableBytes());
        out.write(ByteBufUtil.getBytes(body));
    }

    private static byte[] readBody(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
