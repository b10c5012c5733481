package dev.todoctl.validation.support;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.web.WebConfig;
import dev.todoctl.app.web.WebServerApp;
import dev.todoctl.validation.TargetHooks;
import dev.todoctl.validation.ValidationTarget;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The real sample app in-process: api on H2 in a temp directory and web in front of it, with hooks that restart
 * the api on the same port, return the captured logs and expose the (non-secret) configuration.
 */
public final class LocalStack implements AutoCloseable, TargetHooks {
    public static final String SECRET = "validation-test-secret-0123456789-abcdefgh";
    public static final String ALLOWED_ORIGIN = "http://allowed.example";

    private final Path dataDir;
    private final Map<String, String> extraEnv;
    private final StringBuffer logs = new StringBuffer();
    private final Handler capture;
    private ApiServer api;
    private volatile boolean loseDataOnNextRestart;
    private int restarts;
    private int apiPort;
    private final WebServerApp web;

    public LocalStack(Path dataDir) {
        this(dataDir, Map.of());
    }

    public LocalStack(Path dataDir, Map<String, String> extraEnv) {
        this.dataDir = dataDir;
        this.extraEnv = extraEnv;
        this.capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage());
                if (r.getParameters() != null) {
                    logs.append(' ').append(Arrays.toString(r.getParameters()));
                }
                logs.append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof java.util.logging.ConsoleHandler) {
                h.setLevel(Level.SEVERE); // the app's request log would drown the test output
            }
        }
        root.addHandler(capture);
        Logger.getLogger("dev.todoctl").setLevel(Level.INFO);
        this.api = startApi(0);
        this.apiPort = api.port();
        this.web = WebServerApp.start(WebConfig.of("127.0.0.1", 0, apiUrl()));
    }

    private ApiServer startApi(int port) {
        Map<String, String> env = new HashMap<>(env());
        if (restarts > 0 && loseDataOnNextRestart) {
            // the defect under test: the api comes back on an empty database
            env.put("DATA_DIR", dataDir.resolve("lost-" + restarts).toString());
            loseDataOnNextRestart = false;
        }
        env.put("PORT", String.valueOf(port));
        return ApiServer.start(ApiConfig.from(new Env(env)));
    }

    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("JWT_SECRET", SECRET);
        env.put("DATA_DIR", dataDir.toString());
        env.put("CORS_ALLOWED_ORIGINS", ALLOWED_ORIGIN);
        env.putAll(extraEnv);
        return env;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public String webUrl() {
        return "http://127.0.0.1:" + web.port();
    }

    /** The full target: both URLs, the secret, the allowed origin and these hooks. */
    public ValidationTarget target() {
        return ValidationTarget.of(apiUrl()).withWebUrl(webUrl()).withJwtSecret(SECRET)
                .withAllowedOrigin(ALLOWED_ORIGIN).withHooks(this);
    }

    @Override
    public String describe() {
        return "in-process test stack";
    }

    @Override
    public boolean canRestartApi() {
        return true;
    }

    @Override
    public synchronized void restartApi() {
        restarts++;
        api.close();
        api = startApi(apiPort);
    }

    @Override
    public Optional<Map<String, String>> recentLogs() {
        return Optional.of(Map.of("api", logs.toString()));
    }

    @Override
    public Optional<Map<String, String>> plainConfig() {
        Map<String, String> cfg = new LinkedHashMap<>();
        env().forEach((k, v) -> {
            if (!k.equals("JWT_SECRET")) {
                cfg.put("configmap/todo-api/" + k, v);
            }
        });
        return Optional.of(cfg);
    }

    /** Makes the next restart come back on an empty database (a lost volume). */
    public void loseDataOnNextRestart() {
        loseDataOnNextRestart = true;
    }

    public void appendLog(String line) {
        logs.append(line).append('\n');
    }

    @Override
    public void close() {
        web.close();
        api.close();
        Logger.getLogger("").removeHandler(capture);
    }
}
