package dev.todoctl.scenarios;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short real Gatling runs (a forked Gatling JVM, as todoctl runs it) against the real api on 127.0.0.1.
 * Kept short and small: the build machine has two cores.
 */
@DisplayName("LoadRunner against the real api")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadRunnerTest {
    private TodoApiServer api;

    @BeforeAll
    void startApi() throws Exception {
        api = new TodoApiServer();
    }

    @AfterAll
    void stopApi() {
        api.close();
    }

    private LoadPlan plan(String scenario, int users, int seconds, Path results, List<Threshold> thresholds) {
        return new LoadPlan(scenario, api.baseUrl(), users, Duration.ofSeconds(2), Duration.ofSeconds(seconds),
                Duration.ofMillis(100), results, scenario + System.nanoTime(), thresholds);
    }

    @Test
    @DisplayName("mixed, 20 users, 20 s: no errors, plausible numbers, Gatling's assertion verdict agrees")
    void mixedRun(@TempDir Path results) {
        List<LiveStats> progress = new CopyOnWriteArrayList<>();
        List<SetupProgress> setupProgress = new CopyOnWriteArrayList<>();
        LoadResult result = new LoadRunner().start(plan("mixed", 20, 20, results,
                List.of(Threshold.decode("p95<0ms"), Threshold.decode("errors<0.1%")))).await(setupProgress::add, progress::add);

        assertThat(result.errors()).as(result.recording().toString()).isZero();
        // the users were prepared before the ramp: the journeys get the whole 20 s
        assertThat(result.requests()).as(describe(result)).isGreaterThan(100);
        // sign-up and seeding happened in the set-up phase: none of it is in the measured recording
        assertThat(result.recording().byName()).containsKey("list").doesNotContainKeys("signup", "seed");
        assertThat(result.setup().byName().keySet()).containsExactlyInAnyOrder("signup", "seed");
        assertThat(result.setup().byName().get("signup").count()).isEqualTo(20);
        assertThat(result.setup().byName().get("seed").count()).isEqualTo(60);
        assertThat(result.setup().errors()).isZero();
        SetupPhase setup = result.setupPhase();
        assertThat(setup.complete()).as(setup.toString()).isTrue();
        assertThat(setup.signedUp()).isEqualTo(20);
        assertThat(setup.seeded()).isEqualTo(60);
        assertThat(setup.elapsed()).isPositive();
        assertThat(setupProgress).isNotEmpty();
        assertThat(setupProgress.getLast().done()).isEqualTo(20);
        assertThat(setupProgress.getLast().users()).isEqualTo(20);
        // the simulation's clock starts after the set-up phase: the full 20 s of load, not 20 s minus the set-up
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(19));
        assertThat(result.recording().statuses()).containsOnlyKeys(200, 201);
        assertThat(result.elapsed()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(60));
        // 20 users pausing 50-150 ms cannot exceed 20 / 0.05 s = 400 req/s
        assertThat(result.rps()).isBetween(2.0, 400.0);
        Latencies l = result.latencies();
        assertThat(l.count()).isEqualTo(result.requests());
        assertThat(l.percentile(50)).isLessThanOrEqualTo(l.percentile(95));
        assertThat(l.percentile(95)).isLessThanOrEqualTo(l.percentile(99));
        assertThat(l.percentile(99)).isLessThanOrEqualTo(l.max());
        assertThat(l.max()).isLessThan(10_000);
        assertThat(result.report()).isRegularFile().hasFileName("index.html");
        // p95 < 0 ms cannot hold: Gatling's own assertions must fail too (fromArgs returns 2)
        assertThat(result.gatlingExitCode()).isEqualTo(2);
        assertThat(result.stopped()).isFalse();
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast().requests()).isPositive();
    }

    @Test
    @DisplayName("Gatling's assertions hold when todoctl's numbers say they should")
    void gatlingAgreesOnPass(@TempDir Path results) {
        LoadResult result = new LoadRunner().start(plan("crud", 5, 10, results,
                List.of(Threshold.decode("p95<10000ms"), Threshold.decode("errors<1%"), Threshold.decode("rps>1")))).await(s -> { });
        assertThat(result.errors()).isZero();
        assertThat(result.recording().byName()).containsKeys("create", "update", "complete", "delete");
        assertThat(result.gatlingExitCode()).isZero();
    }

    private static String describe(LoadResult result) {
        StringBuilder text = new StringBuilder();
        result.recording().byName().values().forEach(r -> text.append(r.name()).append(": ").append(r.count()).append(" requests, ")
                .append(r.errors()).append(" errors ").append(r.errorsByStatus()).append(", p50 ").append(r.latencies().percentile(50))
                .append(" ms, max ").append(r.latencies().max()).append(" ms\n"));
        return text.toString();
    }

    @Test
    @DisplayName("--signup-in-load: no set-up phase; the sign-ups are measured with the journeys, the seeding is not")
    void signupInLoad(@TempDir Path results) {
        LoadPlan plan = new LoadPlan("mixed", api.baseUrl(), 5, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(100),
                results, "inload" + System.nanoTime(), List.of(), new LoadPlan.UserOptions(true, null, "unused", 4));
        LoadResult result = new LoadRunner().start(plan).await(s -> { });
        assertThat(result.setupPhase()).isEqualTo(SetupPhase.NONE);
        assertThat(result.workload().byName()).containsKey("signup").doesNotContainKey("seed");
        assertThat(result.workload().byName().get("signup").count()).isEqualTo(5);
        assertThat(result.setup().byName().keySet()).containsExactly("seed");
        assertThat(result.setup().byName().get("seed").count()).isEqualTo(15);
        assertThat(result.errors()).as(describe(result)).isZero();
    }

    @Test
    @DisplayName("a set-up phase that cannot prepare every user: the load never starts, and the reason is told")
    void setupFails(@TempDir Path results) {
        // accounts of this prefix exist with another pool's password: signing them up again is refused (409)
        String prefix = "taken" + Long.toString(System.nanoTime() % 1_000_000, 36);
        new UserSetup(new LoadPlan("crud", api.baseUrl(), 2, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO, results, "x",
                List.of(), new LoadPlan.UserOptions(false, results.resolve("other-pool"), prefix, 2)), new Recorder()).run(() -> true);
        LoadPlan plan = new LoadPlan("crud", api.baseUrl(), 2, Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO,
                results.resolve("run"), "y", List.of(), new LoadPlan.UserOptions(false, results.resolve("pool"), prefix, 2));
        LoadResult result = new LoadRunner().start(plan).await(s -> { });
        assertThat(result.loadStarted()).isFalse();
        assertThat(result.requests()).isZero();
        assertThat(result.report()).isNull();
        assertThat(result.setupPhase().failed()).isEqualTo(2);
        assertThat(result.setupPhase().errors()).first().asString().contains("exists");
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("could not prepare 2 of 2 users", "did not start"));
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"browse", "chat"})
    @DisplayName("the other scenarios run without errors")
    void otherScenarios(String scenario, @TempDir Path results) {
        LoadResult result = new LoadRunner().start(plan(scenario, 5, 15, results, List.of())).await(s -> { });
        assertThat(result.errors()).as(describe(result)).isZero();
        assertThat(result.requests()).as(describe(result)).isPositive();
        assertThat(result.workload().byName().keySet())
                .isSubsetOf("browse".equals(scenario) ? List.of("list", "filter", "search") : List.of("chat add", "chat list", "chat complete"));
    }

    @Test
    @DisplayName("stop() ends the run early and still yields numbers and the report")
    void stopEarly(@TempDir Path results) throws Exception {
        LoadRun run = new LoadRunner().start(plan("crud", 5, 60, results, List.of()));
        List<LiveStats> progress = new CopyOnWriteArrayList<>();
        Thread stopper = Thread.ofPlatform().start(() -> {
            while (progress.isEmpty() || progress.getLast().requests() < 15) {
                Thread.onSpinWait();
            }
            run.stop();
        });
        LoadResult result = run.await(progress::add);
        stopper.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(result.stopped()).isTrue();
        assertThat(result.elapsed()).as("stopped well before the planned 60 s").isLessThan(Duration.ofSeconds(50));
        assertThat(result.requests()).isPositive();
        assertThat(result.report()).isRegularFile();
        assertThat(Files.exists(results.resolve("gatling.log"))).isTrue();
    }
}
