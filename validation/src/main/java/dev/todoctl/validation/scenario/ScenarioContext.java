package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;
import dev.todoctl.validation.report.CheckResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a scenario works with: the target, a client, and a recorder of checks. A check is a block that throws
 * {@link CheckFailure} (or anything else) to fail; the exchanges it made become its evidence.
 */
public final class ScenarioContext {
    private static final int EVIDENCE = 6;

    private final ValidationTarget target;
    private final HttpProbe http;
    private final TodoClient api;
    private final TodoClient web;
    private final List<CheckResult> results = new ArrayList<>();
    private final List<TodoClient.User> users = new ArrayList<>();

    ScenarioContext(ValidationTarget target, HttpProbe http) {
        this.target = target;
        this.http = http;
        this.api = new TodoClient(http, target.apiUrl());
        this.web = target.webUrl().map(u -> new TodoClient(http, u)).orElse(null);
    }

    public ValidationTarget target() {
        return target;
    }

    public HttpProbe http() {
        return http;
    }

    /** The api service, called directly. */
    public TodoClient api() {
        return api;
    }

    /** The web service (UI + {@code /api} proxy), or null when no web URL is known. */
    public TodoClient web() {
        return web;
    }

    /** Signs up a throw-away user whose data is removed when the scenario ends. */
    public TodoClient.User user(String purpose) {
        TodoClient.User u = api.signup(purpose);
        users.add(u);
        return u;
    }

    public interface Body {
        void run() throws Exception;
    }

    /** Runs one check and records it. Returns whether it passed, so later checks can depend on it. */
    public boolean check(String name, Body body) {
        return checkWithDetail(name, () -> {
            body.run();
            return "";
        });
    }

    public interface DetailBody {
        String run() throws Exception;
    }

    /** Like {@link #check} but the block returns a detail for the report (a measured time, a count). */
    public boolean checkWithDetail(String name, DetailBody body) {
        long mark = http.mark();
        long start = System.nanoTime();
        try {
            String detail = body.run();
            results.add(CheckResult.passed(name, since(start), detail == null ? "" : detail));
            return true;
        } catch (CheckFailure f) {
            results.add(CheckResult.failed(name, f.getMessage(), since(start), http.since(mark, EVIDENCE)));
        } catch (Exception | AssertionError e) {
            results.add(CheckResult.failed(name, e.getClass().getSimpleName() + ": " + e.getMessage(), since(start),
                    http.since(mark, EVIDENCE)));
        }
        return false;
    }

    /** The scenario could not even set itself up (e.g. signup is broken): one failure with the last exchanges. */
    void setUpFailed(RuntimeException e) {
        results.add(CheckResult.failed("set-up", e.getMessage(), Duration.ZERO, http.recent(3)));
    }

    public void skip(String name, String reason) {
        results.add(CheckResult.skipped(name, reason));
    }

    List<CheckResult> results() {
        return List.copyOf(results);
    }

    void cleanUp() {
        for (TodoClient.User u : users) {
            try {
                api.cleanUp(u);
            } catch (RuntimeException ignored) {
                // best effort; a broken app must not replace the report with a stack trace
            }
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // ---- expectations: each throws CheckFailure with the exchange in the message ----

    public static HttpProbe.Reply expectStatus(HttpProbe.Reply reply, int status) {
        if (reply.status() != status) {
            throw new CheckFailure("expected HTTP " + status + ", got " + (reply.status() < 0 ? "no response"
                    : "HTTP " + reply.status()) + "\n" + reply.exchange().describe());
        }
        return reply;
    }

    public static JsonNode expectJson(HttpProbe.Reply reply, int status) {
        expectStatus(reply, status);
        if (reply.json() == null) {
            throw new CheckFailure("expected a JSON body\n" + reply.exchange().describe());
        }
        return reply.json();
    }

    /** A 4xx with the error shape and the given code. */
    public static void expectError(HttpProbe.Reply reply, int status, String code) {
        JsonNode body = expectJson(reply, status);
        String actual = body.path("error").path("code").asText(null);
        if (!Objects.equals(actual, code)) {
            throw new CheckFailure("expected error.code '" + code + "', got " + (actual == null ? "no error.code"
                    : "'" + actual + "'") + "\n" + reply.exchange().describe());
        }
    }

    public static void expect(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new CheckFailure(message.get());
        }
    }

    public static void expectEquals(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new CheckFailure(what + ": expected " + expected + ", got " + actual);
        }
    }
}
