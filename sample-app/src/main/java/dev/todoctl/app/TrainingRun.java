package dev.todoctl.app;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.web.WebConfig;
import dev.todoctl.app.web.WebServerApp;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
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
 * <p>The requests go through Helidon's WebClient, which the web role uses for its proxy anyway: archiving its classes
 * costs nothing the web would not load.
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
     * Sends GET {@code paths} to the server on loopback {@code port}; returns each request with its status. A 5xx or
     * no answer is an error: a build must not archive (and ship) an image that cannot serve.
     */
    static List<String> exercise(int port, String... paths) throws IOException {
        WebClient client = WebClient.builder().baseUri("http://127.0.0.1:" + port).build();
        List<String> statuses = new ArrayList<>();
        for (String path : paths) {
            Status status;
            // paths carry their query already encoded, as the web proxy sends them (ApiClient)
            try (HttpClientResponse response = client.get().uri(path).skipUriEncoding(true).request()) {
                status = response.status();
            } catch (RuntimeException e) {
                throw new IOException("training request GET " + path + " got no answer: " + e.getMessage(), e);
            }
            if (status.code() >= 500) {
                throw new IOException("training request GET " + path + " answered 'HTTP/1.1 " + status.codeText()
                        + " " + status.reasonPhrase() + "'");
            }
            statuses.add("GET " + path + " -> " + status.codeText() + " " + status.reasonPhrase());
        }
        return statuses;
    }
}
