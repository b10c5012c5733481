package dev.todoctl.app.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A class-data-sharing training start (the images' build does one per role, see docker/Dockerfile): with
 * {@code -Dtodo.training=true} the process, once started, sends itself a few requests, so the classes a first request
 * needs are loaded too, and exits; the JVM then writes its {@code -XX:ArchiveClassesAtExit} archive, which every later
 * start maps instead of loading and verifying those classes again (api start-to-ready 1.9-2.5 s → 1.0-1.2 s, README).
 *
 * <p>The requests are plain HTTP/1.1 over a socket on purpose: an HTTP client library would be archived with them
 * although the role never uses it.
 */
public final class TrainingRun {
    /** The system property that asks for a training start. */
    public static final String PROPERTY = "todo.training";

    private TrainingRun() {
    }

    public static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Sends GET {@code paths} to the server on loopback {@code port}; returns each answer's status line. A 5xx or no
     * answer is an error: a build must not archive (and ship) an image that cannot serve.
     */
    public static List<String> exercise(int port, String... paths) throws IOException {
        List<String> statuses = new ArrayList<>();
        for (String path : paths) {
            String status = get(port, path);
            if (!status.matches("HTTP/1\\.1 [1-4]\\d\\d.*")) {
                throw new IOException("training request GET " + path + " answered '" + status + "'");
            }
            statuses.add("GET " + path + " -> " + status.substring("HTTP/1.1 ".length()));
        }
        return statuses;
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = readLine(in);
            // headers, then exactly Content-Length bytes: Helidon 4.4.0 answers "Connection: close" but keeps the
            // socket open, so reading to the end of the stream would wait for the read timeout
            long length = 0;
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Long.parseLong(header.substring(15).trim());
                }
            }
            in.skipNBytes(length);
            return status;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
