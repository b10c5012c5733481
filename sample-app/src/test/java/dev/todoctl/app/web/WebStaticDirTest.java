package dev.todoctl.app.web;

import dev.todoctl.app.config.ConfigException;
import dev.todoctl.app.config.Env;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code WEB_STATIC_DIR}: what {@code todoctl dev} relies on to serve a saved asset with no rebuild. */
@DisplayName("web service: WEB_STATIC_DIR serves files from disk before the bundled UI")
class WebStaticDirTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServerApp web;

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("a file saved in the directory is served on the next request; what it lacks comes from the bundle")
    void savedFileIsServedAtOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("app.css"), "body { color: red; }");
        web = WebServerApp.start(WebConfig.from(new Env(Map.of("HOST", "127.0.0.1", "PORT", "0",
                "API_URL", "http://127.0.0.1:9", "WEB_STATIC_DIR", dir.toString()))));

        assertThat(get("/app.css").body()).isEqualTo("body { color: red; }");
        Files.writeString(dir.resolve("app.css"), "body { color: blue; }");
        assertThat(get("/app.css").body()).as("no in-memory cache between saves").isEqualTo("body { color: blue; }");

        HttpResponse<String> bundled = get("/app.js");
        assertThat(bundled.statusCode()).isEqualTo(200);
        assertThat(bundled.body()).as("the bundled app.js, which the directory does not have").isNotBlank();
        assertThat(get("/").body()).as("the bundled index.html").contains("<html");
        assertThat(get("/../../etc/passwd").statusCode()).as("no way out of the directory").isGreaterThanOrEqualTo(400);
    }

    @Test
    @DisplayName("unset: only the bundle; a directory that does not exist is a configuration error")
    void defaultsAndBadInput(@TempDir Path dir) {
        assertThat(WebConfig.from(new Env(Map.of())).staticDir()).isEmpty();
        assertThatThrownBy(() -> WebConfig.from(new Env(Map.of("WEB_STATIC_DIR", dir.resolve("missing").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not an existing directory");
    }
}
