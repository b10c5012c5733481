package dev.todoctl.scenarios;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-up phase against the real api (in-process, H2): fresh users, reused users with cached tokens, expired
 * tokens, a database that forgot the accounts. Few users: every sign-up or login costs a PBKDF2 hash.
 */
@DisplayName("set-up phase: users prepared before the load")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserSetupTest {
    private TodoApiServer api;

    @BeforeAll
    void startApi() throws Exception {
        api = new TodoApiServer();
    }

    @AfterAll
    void stopApi() {
        api.close();
    }

    private static LoadPlan plan(String baseUrl, String scenario, int users, Path pool, String prefix) {
        return new LoadPlan(scenario, baseUrl, users, Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO,
                Path.of("unused"), "setup" + System.nanoTime(), List.of(),
                new LoadPlan.UserOptions(false, pool, prefix, 3));
    }

    @Test
    @DisplayName("fresh users: each signs up once and gets the scenario's seed tasks; all counted apart, by name")
    void freshUsers() {
        Recorder recorder = new Recorder();
        UserSetup.Outcome out = new UserSetup(plan(api.baseUrl(), "mixed", 4, null, "unused"), recorder).run(() -> true);

        SetupPhase p = out.phase();
        assertThat(p.complete()).as(p.toString()).isTrue();
        assertThat(p.users()).isEqualTo(4);
        assertThat(p.prepared()).isEqualTo(4);
        assertThat(p.signedUp()).isEqualTo(4);
        assertThat(p.loggedIn()).isZero();
        assertThat(p.reused()).isZero();
        assertThat(p.seeded()).isEqualTo(12);
        assertThat(p.failed()).isZero();
        assertThat(p.concurrency()).isEqualTo(3);
        assertThat(out.users()).extracting(UserSetup.PreparedUser::n).containsExactly(1, 2, 3, 4);
        assertThat(out.users()).allSatisfy(u -> assertThat(u.taskIds()).hasSize(3));
        assertThat(out.users().stream().map(UserSetup.PreparedUser::token).collect(Collectors.toSet())).hasSize(4);
        Recording r = recorder.snapshot();
        assertThat(r.byName().keySet()).containsExactlyInAnyOrder("signup", "seed");
        assertThat(r.byName().get("signup").count()).isEqualTo(4);
        assertThat(r.byName().get("seed").count()).isEqualTo(12);
        assertThat(r.errors()).isZero();
        // the journeys will act on these tasks: they are the user's own
        assertThat(tasks(api.baseUrl(), out.users().get(0).token())).isEqualTo(3);
    }

    @Test
    @DisplayName("--reuse-users: the second run signs up and logs in no one (cached tokens, checked by /me) and resets the tasks")
    void reusedUsers(@TempDir Path dir) throws Exception {
        Path poolFile = dir.resolve("cache/todoctl/loadtest-users/pool.properties");
        Recorder first = new Recorder();
        UserSetup.Outcome one = new UserSetup(plan(api.baseUrl(), "mixed", 3, poolFile, "reuse-a"), first).run(() -> true);
        assertThat(one.phase().signedUp()).isEqualTo(3);
        assertThat(Files.getPosixFilePermissions(poolFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(poolFile.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String token = one.users().get(0).token();
        assertThat(one.users().get(0).toString()).doesNotContain(token);
        assertThat(UserPool.open(poolFile).toString()).doesNotContain(token);
        // what a load leaves behind: two more tasks of user 1
        createTask(api.baseUrl(), token);
        createTask(api.baseUrl(), token);
        // a pool file someone made readable is written back private
        Files.setPosixFilePermissions(poolFile, PosixFilePermissions.fromString("rw-r--r--"));

        Recorder second = new Recorder();
        UserSetup.Outcome two = new UserSetup(plan(api.baseUrl(), "mixed", 3, poolFile, "reuse-a"), second).run(() -> true);
        SetupPhase p = two.phase();
        assertThat(p.complete()).as(p.toString()).isTrue();
        assertThat(p.signedUp()).isZero();
        assertThat(p.loggedIn()).isZero();
        assertThat(p.reused()).isEqualTo(3);
        assertThat(p.removed()).isEqualTo(3 * 3 + 2);
        assertThat(p.seeded()).isEqualTo(9);
        assertThat(second.snapshot().byName()).doesNotContainKeys("signup", "login");
        assertThat(second.snapshot().byName().get("verify").count()).isEqualTo(3);
        assertThat(two.users().get(0).token()).isEqualTo(token);
        assertThat(tasks(api.baseUrl(), token)).as("back to the seed state").isEqualTo(3);
        assertThat(Files.getPosixFilePermissions(poolFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @DisplayName("tokens expiring before the run would end: each user logs in exactly once, no one signs up; the next run reuses the new tokens")
    void expiredTokens(@TempDir Path dir) {
        Path poolFile = dir.resolve("pool.properties");
        new UserSetup(plan(api.baseUrl(), "crud", 3, poolFile, "reuse-b"), new Recorder()).run(() -> true);

        // 24 h tokens, seen from 23 h 55 min later: still valid, but not for a 30 s run plus the margin
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(24).minusMinutes(5));
        Recorder recorder = new Recorder();
        SetupPhase p = new UserSetup(plan(api.baseUrl(), "crud", 3, poolFile, "reuse-b"), recorder, later).run(() -> true).phase();
        assertThat(p.complete()).as(p.toString()).isTrue();
        assertThat(p.loggedIn()).isEqualTo(3);
        assertThat(p.signedUp()).isZero();
        assertThat(p.reused()).isZero();
        assertThat(recorder.snapshot().byName().get("login").count()).as("no one logs in twice").isEqualTo(3);
        assertThat(recorder.snapshot().byName()).doesNotContainKeys("signup", "verify");

        Recorder after = new Recorder();
        SetupPhase again = new UserSetup(plan(api.baseUrl(), "crud", 3, poolFile, "reuse-b"), after,
                Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC)).run(() -> true).phase();
        assertThat(again.reused()).isEqualTo(3);
        assertThat(after.snapshot().byName()).doesNotContainKeys("signup", "login");
    }

    @Test
    @DisplayName("a fresh database behind the same pool: cached tokens and logins fail, the accounts sign up again")
    void freshDatabase(@TempDir Path dir) throws Exception {
        Path poolFile = dir.resolve("pool.properties");
        new UserSetup(plan(api.baseUrl(), "crud", 2, poolFile, "reuse-c"), new Recorder()).run(() -> true);
        try (TodoApiServer empty = new TodoApiServer()) {
            Recorder recorder = new Recorder();
            SetupPhase p = new UserSetup(plan(empty.baseUrl(), "crud", 2, poolFile, "reuse-c"), recorder).run(() -> true).phase();
            assertThat(p.complete()).as(p.toString()).isTrue();
            assertThat(p.signedUp()).isEqualTo(2);
            assertThat(p.reused()).isZero();
            assertThat(p.loggedIn()).isZero();
            // the 401s were answers the set-up handled, not errors
            assertThat(recorder.snapshot().errors()).isZero();
            assertThat(recorder.snapshot().byName().get("login").count()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a run killed during its set-up (accounts made, tokens never saved): the next run logs them in, once each")
    void killedDuringSetup(@TempDir Path dir) throws Exception {
        Path poolFile = dir.resolve("pool.properties");
        new UserSetup(plan(api.baseUrl(), "crud", 2, poolFile, "reuse-e"), new Recorder()).run(() -> true);
        // what the pool file holds when the JVM dies before its last save: the password, no tokens
        java.util.Properties kept = new java.util.Properties();
        try (var r = Files.newBufferedReader(poolFile)) {
            kept.load(r);
        }
        Files.writeString(poolFile, "password=" + kept.getProperty("password") + "\n");
        Recorder recorder = new Recorder();
        SetupPhase p = new UserSetup(plan(api.baseUrl(), "crud", 2, poolFile, "reuse-e"), recorder).run(() -> true).phase();
        assertThat(p.complete()).as(p.toString()).isTrue();
        assertThat(p.loggedIn()).isEqualTo(2);
        assertThat(p.signedUp()).isZero();
        assertThat(recorder.snapshot().byName().get("login").count()).isEqualTo(2);
        assertThat(UserPool.open(poolFile).size()).isEqualTo(2);
    }

    @Test
    @DisplayName("accounts that exist with another password (the pool file was lost): those users fail, with the reason")
    void lostPool(@TempDir Path dir) throws Exception {
        new UserSetup(plan(api.baseUrl(), "crud", 2, dir.resolve("a.properties"), "reuse-d"), new Recorder()).run(() -> true);
        SetupPhase p = new UserSetup(plan(api.baseUrl(), "crud", 2, dir.resolve("b.properties"), "reuse-d"), new Recorder())
                .run(() -> true).phase();
        assertThat(p.complete()).isFalse();
        assertThat(p.failed()).isEqualTo(2);
        assertThat(p.errors()).first().asString().contains("reuse-d-", "exists", "--user-prefix");
    }

    private static long tasks(String baseUrl, String token) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            var m = java.util.regex.Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(r.body());
            assertThat(m.find()).isTrue();
            return Long.parseLong(m.group(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void createTask(String baseUrl, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tasks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"left over\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
    }
}
