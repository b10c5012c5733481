package dev.todoctl.scenarios;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The four user journeys of the todo API. Every virtual user takes an account the set-up phase prepared
 * ({@link UserSetup}; or signs up itself, inside the load, when the plan says so) and sends its token with every
 * request; it repeats its journey, pausing for the think time
 * (uniformly 0.5–1.5 × the setting) between requests, for as long as {@code running} says so.
 * Each request goes through {@link #call}, which records its status and response time in the {@link Recorder}.
 * The scenario names and set-up request names live in {@link LoadPlan}, which the caller's JVM can load without
 * Gatling on its class path.
 */
public final class Scenarios {

    private static final String TASKS = "/api/v1/tasks";
    private static final String PASSWORD = "load-test-password";

    private final Recorder recorder;
    private final BooleanSupplier running;
    private final Duration think;
    private final LoadPlan plan;
    private final List<UserSetup.PreparedUser> prepared;
    private final AtomicInteger nextUser = new AtomicInteger();

    /**
     * {@code prepared}: the accounts of the set-up phase, handed out one per arriving user; empty when the plan
     * has the users sign up inside the load.
     */
    public Scenarios(Recorder recorder, BooleanSupplier running, LoadPlan plan, List<UserSetup.PreparedUser> prepared) {
        this.recorder = recorder;
        this.running = running;
        this.think = plan.thinkTime();
        this.plan = plan;
        this.prepared = List.copyOf(prepared);
        if (!plan.userOptions().signupInLoad() && prepared.size() < plan.users()) {
            throw new IllegalArgumentException(plan.users() + " users planned but only " + prepared.size() + " prepared");
        }
    }

    public ScenarioBuilder build(String name) {
        ChainBuilder journey = switch (name) {
            case "browse" -> loop(browse());
            case "crud" -> loop(crud());
            case "chat" -> loop(chat());
            case "mixed" -> loop(mixed());
            default -> throw new IllegalArgumentException("unknown scenario " + name + " (known: " + LoadPlan.SCENARIOS + ")");
        };
        ChainBuilder account = plan.userOptions().signupInLoad()
                ? signUp().exec(exitHereIf(s -> !s.contains("token"))).exec(seed(LoadPlan.seedTasks(name)))
                : exec(this::takePreparedUser);
        return scenario(name).exec(exitHereIf(s -> !running.getAsBoolean())).exec(account).exec(journey);
    }

    /** The next account of the set-up phase: its token and the tasks it was seeded with. */
    private Session takePreparedUser(Session s) {
        UserSetup.PreparedUser user = prepared.get(nextUser.getAndIncrement() % prepared.size());
        return s.set("token", user.token()).set("n", 0).set("ids", user.taskIds());
    }

    /** list, filter, search: a user reading their tasks. */
    private ChainBuilder browse() {
        return exec(call("list", http("list").get(TASKS).header("Authorization", "Bearer #{token}"), 200))
                .exec(pause())
                .exec(call("filter", http("filter").get(TASKS + "?status=pending&priority=high&sort=due_date")
                        .header("Authorization", "Bearer #{token}"), 200))
                .exec(pause())
                .exec(call("search", http("search").get(TASKS + "?q=report&sort=title")
                        .header("Authorization", "Bearer #{token}"), 200))
                .exec(pause());
    }

    /** create, update, complete, delete: one task's whole life. */
    private ChainBuilder crud() {
        return exec(create("create"))
                .exec(pause())
                .exec(update())
                .exec(pause())
                .exec(complete())
                .exec(pause())
                .exec(call("delete", http("delete").delete(TASKS + "/#{taskId}").header("Authorization", "Bearer #{token}"), 204))
                .exec(pause());
    }

    /** The agent with the offline model: add, list and complete by chat. */
    private ChainBuilder chat() {
        return exec(s -> s.set("n", s.getInt("n") + 1))
                .exec(call("chat add", chatRequest("chat add", "add water the plants #{n} tomorrow high priority"), 200))
                .exec(pause())
                .exec(call("chat list", chatRequest("chat list", "show my tasks"), 200))
                .exec(pause())
                .exec(call("chat complete", chatRequest("chat complete", "complete water the plants #{n}"), 200))
                .exec(pause());
    }

    /** A realistic mix: mostly reading, some writing, on the user's own tasks. */
    private ChainBuilder mixed() {
        return exec(randomSwitch().on(
                        percent(60.0).then(exec(call("list", http("list").get(TASKS).header("Authorization", "Bearer #{token}"), 200))),
                        percent(15.0).then(exec(create("create"))),
                        percent(15.0).then(exec(pickTask()).exec(update())),
                        percent(10.0).then(exec(pickTask()).exec(complete()))))
                .exec(pause());
    }

    /** Sign-up inside the load ({@code --signup-in-load}): measured like any journey request. */
    private ChainBuilder signUp() {
        return exec(s -> s.set("email", plan.email(nextUser.incrementAndGet())).set("n", 0)
                        .set("ids", List.<String>of()))
                .exec(call("signup", http("signup").post("/api/v1/auth/signup")
                        .asJson().body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + PASSWORD + "\",\"name\":\"load user\"}")), 201,
                        jsonPath("$.token").saveAs("token")));
    }

    private ChainBuilder seed(int tasks) {
        return repeat(tasks, "seedIndex").on(exec(call("seed", http("seed").post(TASKS).header("Authorization", "Bearer #{token}")
                        .asJson().body(StringBody(s -> LoadPlan.seedTaskJson(s.getInt("seedIndex")))),
                201, jsonPath("$.id").saveAs("taskId")))
                .exec(Scenarios::rememberTask));
    }

    private ChainBuilder create(String name) {
        return exec(s -> s.remove("taskId")).exec(call(name, http(name).post(TASKS).header("Authorization", "Bearer #{token}")
                        .asJson().body(StringBody("{\"title\":\"write the weekly report\",\"description\":\"load test\",\"tags\":[\"work\"]}")),
                201, jsonPath("$.id").saveAs("taskId")))
                .exec(Scenarios::rememberTask);
    }

    private ChainBuilder update() {
        return doIf(s -> s.contains("taskId")).then(call("update", http("update").patch(TASKS + "/#{taskId}")
                .header("Authorization", "Bearer #{token}")
                .asJson().body(StringBody("{\"title\":\"write the weekly report (v2)\",\"priority\":\"high\"}")), 200));
    }

    private ChainBuilder complete() {
        return doIf(s -> s.contains("taskId")).then(call("complete", http("complete").post(TASKS + "/#{taskId}/complete")
                .header("Authorization", "Bearer #{token}"), 200));
    }

    private HttpRequestActionBuilder chatRequest(String name, String message) {
        return http(name).post("/api/v1/chat").header("Authorization", "Bearer #{token}")
                .asJson().body(StringBody("{\"message\":\"" + message + "\"}"));
    }

    private static Session rememberTask(Session s) {
        if (!s.contains("taskId")) {
            return s;
        }
        List<String> ids = new ArrayList<>(s.getList("ids"));
        ids.add(s.getString("taskId"));
        return s.set("ids", ids);
    }

    private static ChainBuilder pickTask() {
        return exec(s -> {
            List<String> ids = s.getList("ids");
            return ids.isEmpty() ? s.remove("taskId") : s.set("taskId", ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
        });
    }

    private ChainBuilder loop(ChainBuilder body) {
        return asLongAs(s -> running.getAsBoolean()).on(body);
    }

    private ChainBuilder pause() {
        if (think.isZero()) {
            return exec(s -> s);
        }
        return exec(io.gatling.javaapi.core.CoreDsl.pause(think.dividedBy(2), think.plus(think.dividedBy(2))));
    }

    /**
     * One request, recorded: status and response time are saved first (so they are known even when a later check
     * fails), then the expected status and the extra checks; afterwards the outcome goes to the recorder and the
     * session's failed flag is reset, so that one failure does not taint the user's next requests.
     */
    private ChainBuilder call(String name, HttpRequestActionBuilder request, int expectedStatus, CheckBuilder... extra) {
        return exec(s -> s.remove("_status").remove("_rt"))
                .exec(request.check(status().saveAs("_status"), responseTimeInMillis().saveAs("_rt"), status().is(expectedStatus))
                        .check(extra))
                .exec(s -> {
                    int status = s.contains("_status") ? s.getInt("_status") : 0;
                    long rt = s.contains("_rt") ? s.getInt("_rt") : -1;
                    recorder.record(name, status, rt, !s.isFailed());
                    return s.markAsSucceeded();
                });
    }
}
