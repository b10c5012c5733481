package dev.todoctl.app.api;

import dev.todoctl.app.auth.AuthHandler;
import dev.todoctl.app.auth.Authenticator;
import dev.todoctl.app.auth.PasswordHasher;
import dev.todoctl.app.auth.TokenService;
import dev.todoctl.app.auth.UserRepository;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.db.DataAccessException;
import dev.todoctl.app.db.Database;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.ClientErrors;
import dev.todoctl.app.http.Cors;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.http.RequestObserver;
import dev.todoctl.app.http.Servers;
import dev.todoctl.app.logging.Logs;
import dev.todoctl.app.tasks.JdbcTaskRepository;
import dev.todoctl.app.tasks.TaskHandler;
import dev.todoctl.app.tasks.TaskService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Builds the api's object graph from its configuration and serves it; {@link #routing} is the whole HTTP surface. */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

    private final ApiContext context;
    private final WebServer server;

    private ApiServer(ApiContext context, WebServer server) {
        this.context = context;
        this.server = server;
    }

    /**
     * Wires and starts the api. With {@code MIGRATE_ON_START} (default) migrations run on their own thread from the
     * start, overlapping the server's start-up (class loading mostly; the two took 0.35 s and 0.6 s one after the
     * other), and this returns once their first attempt is over: applied, or failed and retried in the background.
     */
    public static ApiServer start(ApiConfig config) {
        ApiContext ctx = context(config, Clock.systemUTC());
        CountDownLatch firstAttempt = config.migrateOnStart() ? migrateWhenReachable(ctx.database()) : null;
        WebServer server;
        try {
            server = Servers.start(Servers.builder(config.host(), config.port())
                    .shutdownHook(false)
                    .maxPayloadSize(Json.MAX_BODY_BYTES * 4L)
                    .routing(r -> routing(r, ctx)), "api");
        } catch (RuntimeException e) {
            ctx.database().close();
            throw e;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("port", server.port());
        fields.put("database", config.database().redacted());
        fields.put("chat_provider", config.chat().provider().name().toLowerCase());
        Logs.event(LOG, Level.INFO, "api started", fields);
        ApiServer api = new ApiServer(ctx, server);
        // SIGTERM: stop accepting, let in-flight requests finish (Helidon drains), then close the pool.
        Runtime.getRuntime().addShutdownHook(new Thread(api::close, "api-shutdown"));
        if (firstAttempt != null) {
            try {
                firstAttempt.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return api;
    }

    public static ApiContext context(ApiConfig config, Clock clock) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        Database database = new Database(config.database(), meters);
        TokenService tokens = new TokenService(config.jwtSecret(), config.jwtAcceptedSecrets(), config.tokenTtl(), clock);
        TaskService tasks = new TaskService(new JdbcTaskRepository(database.dataSource(), clock));
        return new ApiContext(config, clock, meters, database, tokens, new Authenticator(tokens), tasks);
    }

    /**
     * Starts even when the database is down (the pool retries): migrations are attempted on their own thread until
     * they succeed (or the pool is closed), every 2 s after the first failure, and readiness reports 503 until then.
     * The latch opens when the first attempt is over.
     */
    private static CountDownLatch migrateWhenReachable(Database database) {
        CountDownLatch firstAttempt = new CountDownLatch(1);
        database.migratingHere();
        Thread.ofPlatform().name("migrate").daemon().start(() -> {
            try {
                database.migrate();
                return;
            } catch (RuntimeException first) {
                Logs.event(LOG, Level.WARNING, "database not ready, migrations will be retried",
                        Map.of("error", String.valueOf(first.getMessage())));
            } finally {
                firstAttempt.countDown();
            }
            while (!database.closed()) {
                try {
                    Thread.sleep(2000);
                    database.migrate();
                    Logs.event(LOG, Level.INFO, "migrations applied", Map.of());
                    return;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException again) {
                    // still unreachable; readiness keeps saying so
                }
            }
        });
        return firstAttempt;
    }

    public static void routing(HttpRouting.Builder routing, ApiContext ctx) {
        routing.addFilter(new RequestObserver(ctx.meters()))
                .addFilter(ClientErrors.requestTargetLimit())
                .addFilter(new Cors(ctx.config().corsOrigins()))
                .register(new OperationsHandler(ctx))
                .register("/api/v1/auth", new AuthHandler(
                        new UserRepository(ctx.database().dataSource(), ctx.clock()), new PasswordHasher(),
                        ctx.tokens(), ctx.authenticator()))
                .register("/api/v1/tasks", new TaskHandler(ctx.tasks(), ctx.authenticator()));
        dev.todoctl.app.chat.ChatFeature.register(routing, ctx);
        routing.any((req, res) -> {
            throw ApiException.notFound("no route for " + req.prologue().method().text() + " " + req.path().path());
        });
        ClientErrors.register(routing);
        routing.error(ApiException.class, (req, res, e) -> Json.sendError(req, res, e))
                .error(DataAccessException.class, (req, res, e) -> {
                    if (!e.unavailable()) {
                        throw e;
                    }
                    // The database is away: a server-side condition clients may retry, not a bug.
                    res.header(HeaderNames.RETRY_AFTER, "2");
                    Json.sendError(req, res, new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable",
                            "the database is not reachable; retry shortly", null));
                })
                .error(Exception.class, (req, res, e) -> {
                    Logs.event(LOG, Level.SEVERE, "unhandled error", Map.of("path", req.path().path(),
                            "error", String.valueOf(e)));
                    LOG.log(Level.FINE, "unhandled error", e);
                    Json.sendError(req, res, new ApiException(Status.INTERNAL_SERVER_ERROR_500, "internal_error",
                            "internal error", null));
                });
    }

    public int port() {
        return server.port();
    }

    public ApiContext context() {
        return context;
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
            context.database().close();
            Logs.event(LOG, Level.INFO, "api stopped", Map.of());
        }
    }
}
