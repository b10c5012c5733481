package dev.todoctl.app;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.web.WebConfig;
import dev.todoctl.app.web.WebServerApp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} role, a class-data-sharing training start (docker/Dockerfile runs one while building the images):
 * the process starts the api (on its embedded database unless configured otherwise) and
 * the web in one JVM, sends both a few requests, the web's through its proxy to the api, and exits. The JVM then writes
 * its {@code -XX:ArchiveClassesAtExit} archive: the classes either role loads to start and to answer, which every later
 * start of either role maps instead of loading, parsing and verifying them again (README: Benchmarks). One run for
 * both roles keeps a single archive layer that the api and web images share.
 *
 * <p>The requests are plain HTTP/1.1 over a socket on purpose: an HTTP client library would be archived with them
 * although neither role uses it.
 */
public final class TrainingRun {
    private static final String[] API_PATHS = {"/health/ready", "/health", "/api/v1/tasks?limit=1", "/openapi"};
    private static final String[] WEB_PATHS = {"/health/ready", "/health", "/", "/app.js", "/app.css",
            "/api/v1/auth/me"};

    private TrainingRun() {
    }

    /**
     * Starts the api and the web on free loopback ports with {@code env}'s configuration, exercises both and stops
     * them; returns each request with its status.
     */
    public static List<String> run(Env env) throws IOException {
        Map<String, String> vars = new HashMap<>(env.vars());
        vars.put("HOST", "127.0.0.1");
        vars.put("PORT", "0");
        try (ApiServer api = ApiServer.start(ApiConfig.from(new Env(vars)))) {
            vars.put("API_URL", "http://127.0.0.1:" + api.port());
            try (WebServerApp web = WebServerApp.start(WebConfig.from(new Env(vars)))) {
                List<String> statuses = new ArrayList<>(exercise(api.port(), API_PATHS));
                statuses.addAll(exercise(web.port(), WEB_PATHS));
                return statuses;
            }
        }
    }

    /**
     * Sends GET {@code paths} to the server on loopback {@code port}; returns each answer's status line. A 5xx or no
     * answer is an error: a build must not archive (and ship) an image that cannot serve.
     */
    static List<String> exercise(int port, String... paths) throws IOException {
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
