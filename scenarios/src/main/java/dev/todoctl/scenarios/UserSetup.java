package dev.todoctl.scenarios;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The set-up phase before the ramp: gives every virtual user an account, a token and the tasks its scenario starts
 * from, {@code setupConcurrency} users at a time (sign-up and login hash a password on purpose — PBKDF2, one core
 * for a few hundred ms each — so more at once only queues them in the api). Its requests go to a recorder of their
 * own, never into the measured figures.
 * <p>
 * Reused users ({@link LoadPlan.UserOptions#poolFile()}): a cached token that outlives the run by
 * {@link #TOKEN_MARGIN} is checked with {@code GET /auth/me} (no password hashing); otherwise the user logs in
 * once; an account the api does not know (a fresh database) signs up again. Their tasks are reset to the seed
 * state (what an earlier run created is deleted), so reused runs start alike.
 */
public final class UserSetup {
    /** A cached token is reused only when it is valid this long after the run's planned end. */
    static final Duration TOKEN_MARGIN = Duration.ofMinutes(10);

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final String AUTH = "/api/v1/auth";
    private static final String TASKS = "/api/v1/tasks";
    private static final int MAX_ERRORS_KEPT = 5;

    /** One user, ready for its journey: its number (1-based), token and the ids of the tasks it owns. */
    public record PreparedUser(int n, String token, List<String> taskIds) {
        public PreparedUser {
            taskIds = List.copyOf(taskIds);
        }

        @Override
        public String toString() {
            return "PreparedUser[" + n + ", token=****, " + taskIds.size() + " tasks]";
        }
    }

    /** The phase's outcome: the users ready for the load (in user order) and the counts. */
    public record Outcome(List<PreparedUser> users, SetupPhase phase) {
    }

    private final LoadPlan plan;
    private final Recorder recorder;
    private final HttpClient http;
    private final Clock clock;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger signedUp = new AtomicInteger();
    private final AtomicInteger loggedIn = new AtomicInteger();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicLong seeded = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    public UserSetup(LoadPlan plan, Recorder recorder) {
        this(plan, recorder, Clock.systemUTC());
    }

    UserSetup(LoadPlan plan, Recorder recorder, Clock clock) {
        this.plan = plan;
        this.recorder = recorder;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Users done so far (prepared or failed). */
    public int done() {
        return done.get();
    }

    public int failed() {
        return failed.get();
    }

    /**
     * Prepares the plan's users; {@code running} false stops handing out users (those not started stay unprepared).
     * The pool of reused users is saved at the end, whatever happened.
     */
    public Outcome run(BooleanSupplier running) {
        long start = System.nanoTime();
        int concurrency = Math.min(plan.userOptions().setupConcurrency(), plan.users());
        UserPool pool = plan.userOptions().reuse() ? UserPool.open(plan.userOptions().poolFile()) : null;
        if (pool != null) {
            // the password first, before any account has it: a run killed half-way leaves accounts a later run can log in to
            pool.save();
        }
        PreparedUser[] ready = new PreparedUser[plan.users()];
        AtomicInteger next = new AtomicInteger(1);
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().name("setup-", 1).factory());
        boolean stopped = false;
        try {
            for (int w = 0; w < concurrency; w++) {
                workers.execute(() -> {
                    for (int n = next.getAndIncrement(); n <= plan.users() && running.getAsBoolean(); n = next.getAndIncrement()) {
                        try {
                            ready[n - 1] = prepare(n, pool);
                        } catch (SetupFailure e) {
                            fail(n, e.getMessage());
                        } catch (RuntimeException e) {
                            fail(n, e.toString());
                        }
                        if (done.incrementAndGet() % 100 == 0 && pool != null) {
                            pool.save();
                        }
                    }
                });
            }
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // the workers stop on their own; keep waiting (a request times out after two minutes at most)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
            stopped = true;
        } finally {
            if (pool != null) {
                pool.save();
            }
        }
        stopped |= !running.getAsBoolean() && done.get() < plan.users();
        List<PreparedUser> users = new ArrayList<>();
        for (PreparedUser u : ready) {
            if (u != null) {
                users.add(u);
            }
        }
        SetupPhase phase = new SetupPhase(plan.users(), Duration.ofNanos(System.nanoTime() - start), concurrency, users.size(),
                signedUp.get(), loggedIn.get(), reused.get(), seeded.get(), removed.get(), failed.get(), List.copyOf(errors), stopped);
        return new Outcome(users, phase);
    }

    private void fail(int n, String why) {
        failed.incrementAndGet();
        if (errors.size() < MAX_ERRORS_KEPT) {
            errors.add("user " + n + ": " + why);
        }
    }

    private PreparedUser prepare(int n, UserPool pool) {
        String email = plan.email(n);
        String token = null;
        if (pool != null) {
            Optional<UserPool.Account> known = pool.account(n);
            Instant needed = clock.instant().plus(plan.duration()).plus(TOKEN_MARGIN);
            if (known.isPresent() && known.get().expires().isAfter(needed)) {
                HttpResponse<String> me = send("verify", get(AUTH + "/me", known.get().token()), 200, 401);
                if (me.statusCode() == 200) {
                    token = known.get().token();
                    reused.incrementAndGet();
                }
            }
            if (token == null && known.isPresent()) {
                HttpResponse<String> login = send("login", post(AUTH + "/login", null,
                        "{\"email\":\"" + email + "\",\"password\":\"" + pool.password() + "\"}"), 200, 401);
                if (login.statusCode() == 200) {
                    token = token(login);
                    loggedIn.incrementAndGet();
                }
            }
        }
        if (token == null) {
            String password = pool != null ? pool.password() : "load-test-password";
            HttpResponse<String> signup = send("signup", post(AUTH + "/signup", null,
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"load user\"}"), 201, 409);
            if (signup.statusCode() == 409) {
                // an account of this pool whose token was never saved (a run killed during its set-up): log in
                HttpResponse<String> login = pool == null ? null : send("login", post(AUTH + "/login", null,
                        "{\"email\":\"" + email + "\",\"password\":\"" + pool.password() + "\"}"), 200, 401);
                if (login == null || login.statusCode() != 200) {
                    throw new SetupFailure(email + " exists but its password is not the one in " + (pool == null ? "this run"
                            : pool.file()) + " (the pool file was replaced?): use another --user-prefix");
                }
                token = token(login);
                loggedIn.incrementAndGet();
            } else {
                token = token(signup);
                signedUp.incrementAndGet();
            }
        }
        if (pool != null) {
            pool.remember(n, token);
            removeTasks(token);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LoadPlan.seedTasks(plan.scenario()); i++) {
            HttpResponse<String> seed = send("seed", post(TASKS, token, LoadPlan.seedTaskJson(i)), 201);
            Matcher id = ID.matcher(seed.body());
            if (!id.find()) {
                throw new SetupFailure("seed: no task id in the answer");
            }
            ids.add(id.group(1));
            seeded.incrementAndGet();
        }
        return new PreparedUser(n, token, ids);
    }

    /** Deletes every task of the user (what earlier runs left), a page at a time. */
    private void removeTasks(String token) {
        while (true) {
            HttpResponse<String> page = send("cleanup", get(TASKS + "?limit=100", token), 200);
            List<String> ids = new ArrayList<>();
            Matcher m = ID.matcher(page.body());
            while (m.find()) {
                ids.add(m.group(1));
            }
            if (ids.isEmpty()) {
                return;
            }
            for (String id : ids) {
                send("cleanup", HttpRequest.newBuilder(uri(TASKS + "/" + id)).DELETE().header("Authorization", "Bearer " + token), 204, 404);
                removed.incrementAndGet();
            }
        }
    }

    private static String token(HttpResponse<String> response) {
        Matcher m = TOKEN.matcher(response.body());
        if (!m.find()) {
            throw new SetupFailure(response.request().uri().getPath() + ": no token in the answer");
        }
        return m.group(1);
    }

    private HttpRequest.Builder get(String path, String token) {
        return HttpRequest.newBuilder(uri(path)).GET().header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder post(String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create(plan.baseUrl() + path);
    }

    /**
     * One set-up request, recorded under {@code name}: the first of {@code expected} is success, the others are
     * answers the caller handles; anything else fails this user (the message names the status, never a token).
     */
    private HttpResponse<String> send(String name, HttpRequest.Builder request, int... expected) {
        long t0 = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(2)).header("Accept", "application/json")
                    .header("User-Agent", "todoctl-loadtest-setup").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            recorder.record(name, 0, -1, false);
            throw new SetupFailure(name + ": no answer (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recorder.record(name, 0, -1, false);
            throw new SetupFailure(name + ": interrupted");
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        int status = response.statusCode();
        boolean handled = false;
        for (int e : expected) {
            handled |= e == status;
        }
        // a handled answer (an expired token's 401, say) is not an error: the user's set-up goes on another way
        recorder.record(name, status, millis, handled);
        if (!handled) {
            String body = response.body() == null ? "" : response.body();
            throw new SetupFailure(name + ": HTTP " + status + " " + body.substring(0, Math.min(200, body.length())));
        }
        return response;
    }

    /** One user's set-up failed; the message is safe to print. */
    static final class SetupFailure extends RuntimeException {
        SetupFailure(String message) {
            super(message, null, false, false);
        }
    }
}
