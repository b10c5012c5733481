package dev.todoctl.app.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client over a plain socket that sends exactly the bytes it is given: {@code java.net.http} refuses
 * control characters in headers, malformed targets and some header names, which is what a fuzzer must send.
 * Keeps one connection alive between requests (a fresh one per request would exhaust ephemeral ports over a
 * long run) and reconnects when the server closed it. Not thread-safe: one per thread.
 */
public final class RawHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** The answer; {@code elapsedMillis} lets callers check for hangs, {@code timedOut} says nothing came back in time. */
    public record Answer(int status, Map<String, String> headers, byte[] body, long elapsedMillis, boolean timedOut) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends {@code method target} with the given header lines (each "Name: value", sent verbatim) and body; adds
     * Host and, when a body is given, Content-Length (unless the caller gave one).
     */
    public Answer send(String method, String target, List<String> headerLines, byte[] body) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        boolean hasLength = false;
        for (String line : headerLines) {
            req.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            req.writeBytes(new byte[] {'\r', '\n'});
            hasLength |= line.regionMatches(true, 0, "content-length:", 0, 15);
        }
        if (body != null && !hasLength) {
            req.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        req.writeBytes(new byte[] {'\r', '\n'});
        if (body != null) {
            req.writeBytes(body);
        }
        byte[] bytes = req.toByteArray();
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            boolean reused = socket != null;
            try {
                connect();
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // The server may answer (413, 414) and close before reading all we send: read that answer.
                    Answer early = readAfterFailedWrite(start, method.equals("HEAD"));
                    if (early != null) {
                        close();
                        return early;
                    }
                    throw e;
                }
                Answer a = read(start, method.equals("HEAD"));
                if (a == null) {
                    throw new IOException("connection closed before a status line");
                }
                return a;
            } catch (SocketTimeoutException e) {
                close();
                return new Answer(0, Map.of(), new byte[0], (System.nanoTime() - start) / 1_000_000, true);
            } catch (DesyncException e) {
                close();
                throw e;
            } catch (IOException e) {
                close();
                // A kept-alive connection the server had already closed: one retry on a fresh one.
                if (!reused || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }
    }

    private Answer readAfterFailedWrite(long start, boolean head) {
        try {
            return read(start, head);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Answer read(long start, boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            return null;
        }
        String[] parts = statusLine.split(" ", 3);
        if (!statusLine.startsWith("HTTP/1.") || parts.length < 2 || !parts[1].matches("[1-5][0-9][0-9]")) {
            // Bytes of an earlier exchange: the server answered more (or less) than the request it was sent.
            throw new DesyncException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Answer(status, headers, body, (System.nanoTime() - start) / 1_000_000, false);
    }

    /** The connection's framing broke; the exchange before this one is the likely cause. */
    public static final class DesyncException extends IOException {
        DesyncException(String message) {
            super(message);
        }
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new IOException("truncated chunked body");
            }
            int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
            if (n == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(n));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do: the connection is gone either way
            }
            socket = null;
        }
    }
}
