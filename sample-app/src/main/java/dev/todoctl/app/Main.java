package dev.todoctl.app;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.ConfigException;
import dev.todoctl.app.config.DatabaseConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.db.Database;
import dev.todoctl.app.http.Servers;
import dev.todoctl.app.logging.Logs;
import dev.todoctl.app.web.WebConfig;
import dev.todoctl.app.web.WebServerApp;

import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One artifact, three roles: {@code api} (REST + chat + MCP), {@code web} (UI + proxy) and {@code migrate}
 * (apply database migrations and exit, for a Kubernetes Job or init container); plus {@code train}, the image build's
 * class-data-sharing training start ({@link TrainingRun}).
 * Exit codes: 0 ok, 1 failure at run time, 2 bad usage or configuration.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    private static final String USAGE = "usage: todo-chatbot api|web|migrate|train   (configuration by environment, see README)";

    private Main() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        Logs.install(env.get("LOG_LEVEL", "info"));
        String role = args.length > 0 ? args[0] : env.get("APP_ROLE", "");
        try {
            switch (role) {
                case "api" -> ApiServer.start(ApiConfig.from(env));
                case "web" -> WebServerApp.start(WebConfig.from(env));
                case "train" -> train(env);
                case "migrate" -> migrate(env);
                case "-h", "--help", "help" -> System.out.println(USAGE);
                default -> {
                    System.err.println(role.isEmpty() ? USAGE : "unknown role '" + role + "'\n" + USAGE);
                    System.exit(2);
                }
            }
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            Logs.event(LOG, Level.SEVERE, "configuration error", Map.of("error", e.getMessage()));
            System.exit(2);
        } catch (Servers.ServerStartException e) {
            System.err.println("start failed: " + e.getMessage());
            Logs.event(LOG, Level.SEVERE, "start failed", Map.of("error", e.getMessage()));
            System.exit(1);
        }
    }

    /**
     * {@code train}: a class-data-sharing training start of both roles ({@link TrainingRun}); exit 0, or 1 when a role
     * did not start or answered a request with a 5xx.
     */
    private static void train(Env env) {
        try {
            Logs.event(LOG, Level.INFO, "training run done", Map.of("requests", TrainingRun.run(env)));
            System.exit(0);
        } catch (IOException e) {
            Logs.event(LOG, Level.SEVERE, "training run failed", Map.of("error", String.valueOf(e.getMessage())));
            System.exit(1);
        }
    }

    /**
     * Migrate-only mode (a Kubernetes init container or Job): waits for the database up to {@code MIGRATE_TIMEOUT}
     * (default 5m) instead of crash-looping while it starts, then applies migrations and exits.
     */
    private static void migrate(Env env) {
        DatabaseConfig config = DatabaseConfig.from(env);
        var deadline = java.time.Instant.now().plus(env.duration("MIGRATE_TIMEOUT", java.time.Duration.ofMinutes(5)));
        try (Database db = new Database(config, null)) {
            while (true) {
                try {
                    var result = db.migrate();
                    Logs.event(LOG, Level.INFO, "migrations applied", Map.of("database", config.redacted(),
                            "applied", result.migrationsExecuted,
                            "version", String.valueOf(result.targetSchemaVersion)));
                    return;
                } catch (RuntimeException e) {
                    if (java.time.Instant.now().isAfter(deadline)) {
                        Logs.event(LOG, Level.SEVERE, "migration failed", Map.of("error",
                                String.valueOf(e.getMessage())));
                        System.exit(1);
                    }
                    Logs.event(LOG, Level.WARNING, "database not reachable yet, retrying", Map.of("error",
                            String.valueOf(e.getMessage())));
                    Thread.sleep(2000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }
}
