package dev.rnn4j.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive over a plain blocking socket, for the load generator's clients: each
 * {@link #exchange} writes a request prepared once ({@link #request}) and reads the whole response. One thread
 * per connection and nothing else: no selector thread, no executor, no futures, no per-request header objects,
 * so the client costs the machine that runs it (the server's own machine, under load) little CPU per request.
 *
 * <p>Understands what a server may answer: a body of {@code Content-Length} bytes, a chunked body (trailers
 * skipped), or, without either, a body that ends when the server closes; {@code Connection: close} closes
 * the socket after the response. Any {@link IOException} closes the socket; the next exchange opens a new one.
 * Not thread-safe.
 */
final class KeepAliveConnection implements AutoCloseable {

    /**
     * One response.
     *
     * @param status the HTTP status code
     * @param body   the body's bytes (empty for none)
     */
    record Response(int status, byte[] body) {

        /** The body as UTF-8 text. */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The longest status or header line read (Jetty's own default limit for a request's headers is 8 KiB). */
    static final int MAX_LINE = 8192;
    /** The largest body read (the server's {@code /metrics} is a few KiB; predictions far less). */
    static final int MAX_BODY = 16 << 20;

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final byte[] line = new byte[MAX_LINE];
    // what was read from the socket and not yet consumed: buffer[position, limit)
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private int opened;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * A connection to {@code host:port}, opened on the first exchange.
     *
     * @param timeoutMillis the longest wait to connect, and for each read of the response
     */
    KeepAliveConnection(String host, int port, int timeoutMillis) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: expected a host name or address, got " + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: expected 1..65535, got " + port);
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeoutMillis: expected at least 1, got " + timeoutMillis);
        }
        this.address = new InetSocketAddress(host, port);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The bytes of one request with its headers, to send as they stand any number of times.
     *
     * @param method      e.g. {@code POST}
     * @param path        e.g. {@code /predictions/sst2}
     * @param host        the {@code Host} header, e.g. {@code 127.0.0.1:8080}
     * @param contentType the body's type, or null for a request without a body
     * @param body        the body, or null for none
     */
    static byte[] request(String method, String path, String host, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /**
     * Sends a prepared request ({@link #request}) and reads its response.
     *
     * @throws IOException if the connection fails, times out or the answer is not HTTP/1.x; the socket is then
     *                     closed
     */
    Response exchange(byte[] request) throws IOException {
        try {
            if (socket == null) {
                open();
            }
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("malformed response: " + e.getMessage(), e);
        }
    }

    /** The sockets this connection has opened so far: 1 while the server keeps it alive. */
    int socketsOpened() {
        return opened;
    }

    /** Closes the socket, if open; a later exchange opens a new one. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that failed already; nothing is left to release
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            opened++;
            s.setSoTimeout(timeoutMillis);
            in = s.getInputStream();
            position = 0;
            limit = 0;
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private Response readResponse() throws IOException {
        int n = readLine();
        // "HTTP/1.1 200 OK": the status is the three digits after the first space
        if (n < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[8] != ' ') {
            throw new IOException("not an HTTP/1.x status line: "
                    + new String(line, 0, Math.min(n, 80), StandardCharsets.ISO_8859_1));
        }
        int status = digit(line[9]) * 100 + digit(line[10]) * 10 + digit(line[11]);
        boolean http10 = line[7] == '0';
        long length = -1;
        boolean chunked = false;
        boolean close = http10;
        while ((n = readLine()) > 0) {
            if (startsWithIgnoringCase(n, CONTENT_LENGTH)) {
                length = Long.parseLong(value(n, CONTENT_LENGTH.length));
            } else if (startsWithIgnoringCase(n, TRANSFER_ENCODING)) {
                chunked = value(n, TRANSFER_ENCODING.length).toLowerCase(Locale.ROOT).endsWith("chunked");
            } else if (startsWithIgnoringCase(n, CONNECTION)) {
                String v = value(n, CONNECTION.length).toLowerCase(Locale.ROOT);
                close = v.contains("close") || (http10 && !v.contains("keep-alive"));
            }
        }
        byte[] body;
        if (status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            if (length > MAX_BODY) {
                throw new IOException("a body of " + length + " bytes, more than " + MAX_BODY);
            }
            body = readExactly((int) length);
        } else {
            body = readToEnd();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] readChunked() throws IOException {
        byte[] body = new byte[256];
        int size = 0;
        while (true) {
            int n = readLine();
            int end = 0;
            while (end < n && line[end] != ';' && line[end] != ' ') {
                end++;
            }
            int chunk = Integer.parseInt(new String(line, 0, end, StandardCharsets.ISO_8859_1), 16);
            if (chunk == 0) {
                while (readLine() > 0) {
                    // trailers are skipped up to the empty line that ends them
                }
                return Arrays.copyOf(body, size);
            }
            if (size + (long) chunk > MAX_BODY) {
                throw new IOException("a chunked body of more than " + MAX_BODY + " bytes");
            }
            if (size + chunk > body.length) {
                body = Arrays.copyOf(body, Math.max(2 * body.length, size + chunk));
            }
            readFully(body, size, chunk);
            size += chunk;
            if (readLine() != 0) {
                throw new IOException("a chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] body = new byte[length];
        readFully(body, 0, length);
        return body;
    }

    private void readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed " + (length - done) + " bytes before the body's end");
            }
            int take = Math.min(length - done, limit - position);
            System.arraycopy(buffer, position, into, offset + done, take);
            position += take;
            done += take;
        }
    }

    private byte[] readToEnd() throws IOException {
        byte[] body = new byte[256];
        int size = 0;
        while (position < limit || fill()) {
            int take = limit - position;
            if (size + (long) take > MAX_BODY) {
                throw new IOException("a body of more than " + MAX_BODY + " bytes");
            }
            if (size + take > body.length) {
                body = Arrays.copyOf(body, Math.max(2 * body.length, size + take));
            }
            System.arraycopy(buffer, position, body, size, take);
            position = limit;
            size += take;
        }
        return Arrays.copyOf(body, size);
    }

    // reads more bytes from the socket into the empty buffer; false at the end of the stream
    private boolean fill() throws IOException {
        int r = in.read(buffer, 0, buffer.length);
        if (r < 0) {
            return false;
        }
        position = 0;
        limit = r;
        return true;
    }

    // reads one line into `line` without its CRLF (or bare LF) and returns its length
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed in the middle of a response's head");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == line.length) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            line[n++] = b;
        }
    }

    private boolean startsWithIgnoringCase(int n, byte[] lowerPrefix) {
        if (n < lowerPrefix.length) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++) {
            int b = line[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    private String value(int n, int from) {
        return new String(line, from, n - from, StandardCharsets.ISO_8859_1).trim();
    }

    private static int digit(byte b) throws IOException {
        if (b < '0' || b > '9') {
            throw new IOException("a status code with a non-digit: '" + (char) b + "'");
        }
        return b - '0';
    }
}
