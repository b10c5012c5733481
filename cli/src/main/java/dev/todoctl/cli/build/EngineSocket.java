package dev.todoctl.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /version} on a Docker engine's Unix socket, as plain HTTP/1.1 with {@code Connection: close} — the
 * request docker-java makes, without building docker-java's client (Jackson modules, Apache HttpClient, the
 * command factory), which took most of a second in a fresh JVM and was most of {@code todoctl doctor}. Used only
 * to tell whether the engine answers and what it is; everything else goes through docker-java.
 */
public final class EngineSocket {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineSocket() {
    }

    /** The engine's version, or an IOException saying why not (refused, timed out, not an engine's answer). */
    static DockerEngine.EngineVersion version(Path socket, Duration timeout) throws IOException {
        Answer answer = get(socket, "/version", timeout);
        if (answer.status() != 200) {
            throw new IOException("it answered " + answer.statusLine());
        }
        JsonNode version = JSON.readTree(answer.body());
        if (!version.hasNonNull("Version") || !version.hasNonNull("ApiVersion")) {
            throw new IOException("its /version answer has no Version/ApiVersion: "
                    + answer.body().substring(0, Math.min(120, answer.body().length())));
        }
        return new DockerEngine.EngineVersion(version.get("Version").asText(), version.get("ApiVersion").asText());
    }

    /** An answer: its status code and line, and its body (decoded from chunks when sent so). */
    record Answer(int status, String statusLine, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** {@code GET path}; the socket is closed after {@code timeout} at the latest. */
    static Answer get(Path socket, String path, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try (channel; ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: todoctl\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            Future<byte[]> answer = reader.submit(() -> readAll(channel));
            byte[] raw;
            try {
                raw = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                channel.close();
                throw new IOException("no answer within " + Math.max(1, timeout.toSeconds()) + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
                throw new IOException("interrupted");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            return parse(raw);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /** Status line, headers, then the body as sent: with Content-Length, chunked, or up to the close. */
    static Answer parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP answer");
        }
        String[] head = text.substring(0, end).split("\r\n");
        String[] statusLine = head[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine.length < 2 ? "" : statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP answer: " + head[0]);
        }
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            String header = head[i].toLowerCase(Locale.ROOT);
            if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                chunked = true;
            }
        }
        String rest = text.substring(end + 4);
        return new Answer(status, head[0],
                new String((chunked ? dechunk(rest) : rest).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) throws IOException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int line = chunked.indexOf("\r\n", at);
            if (line < 0) {
                throw new IOException("a chunked answer ended early");
            }
            String sizeField = chunked.substring(at, line).split(";", 2)[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeField, 16);
            } catch (NumberFormatException e) {
                throw new IOException("a chunked answer has a bad chunk size: " + sizeField);
            }
            if (size == 0) {
                return out.toString();
            }
            int start = line + 2;
            if (start + size > chunked.length()) {
                throw new IOException("a chunked answer ended early");
            }
            out.append(chunked, start, start + size);
            at = start + size + 2;
        }
    }
}
