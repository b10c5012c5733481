package dev.todoctl.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Entry point of a load generator pod ({@code todoctl loadtest --generators N}): the plan comes in the environment
 * ({@code TODOCTL_PLAN}, the properties {@link LoadPlan#write} makes), Gatling runs through {@link LoadRunner} as on
 * the user's machine, and the result leaves on stdout ({@link GeneratorOutput}). The pods of one Job are alike
 * (Kubernetes 1.20 has no indexed Jobs), so each takes {@code TODOCTL_USERS} users — the caller splits them evenly —
 * and its own run id from its pod name ({@code HOSTNAME}), which keeps the accounts of the generators apart.
 * Progress lines ({@code @progress <ms> <requests> <errors>}) go to stdout as well, for {@code kubectl logs -f}.
 */
public final class GeneratorMain {
    /**
     * Exit code when the run produced no result (Gatling did not start, the plan was unreadable): 0 too, with an
     * {@code @error} line instead of the result. A failed pod would make its Job fail ({@code backoffLimit: 0}), and a
     * failed Job's controller terminates the other generators, which may be measuring fine; todoctl names this one
     * from its log.
     */
    static final int NO_RESULT = 0;

    private GeneratorMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("todoctl-generator-");
        Path planFile = work.resolve("plan.properties");
        Files.writeString(planFile, System.getenv().getOrDefault("TODOCTL_PLAN", ""));
        LoadPlan shared;
        try {
            shared = LoadPlan.read(planFile);
        } catch (RuntimeException e) {
            System.out.println("@error unreadable plan in TODOCTL_PLAN: " + e.getMessage());
            System.exit(NO_RESULT);
            return;
        }
        String pod = System.getenv().getOrDefault("HOSTNAME", "generator");
        LoadPlan plan = new LoadPlan(shared.scenario(), shared.baseUrl(),
                Integer.parseInt(System.getenv().getOrDefault("TODOCTL_USERS", String.valueOf(shared.users()))),
                shared.ramp(), shared.duration(), shared.thinkTime(), work.resolve("results"),
                shared.runId() + "-" + suffix(pod), shared.thresholds(), shared.userOptions());
        System.out.printf(Locale.ROOT, "@generator %s: %s, %d users, %s against %s%n", pod, plan.scenario(), plan.users(),
                plan.duration(), plan.baseUrl());
        LoadRunner runner = new LoadRunner(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"));
        LoadRun run = runner.start(plan);
        // SIGTERM (todoctl stopping the run on Ctrl-C deletes the pod): the users finish their current request and the
        // partial result is still printed before the JVM goes (within the pod's 30 s grace period)
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.stop();
            try {
                reported.await(25, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        LoadResult result;
        try {
            result = run.await(s -> System.out.printf(Locale.ROOT, "@setup %d %d %d%n", s.done(), s.users(), s.failed()),
                    s -> System.out.printf(Locale.ROOT, "@progress %d %d %d%n", s.elapsed().toMillis(), s.requests(), s.errors()));
        } catch (RuntimeException e) {
            System.out.println("@error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            System.out.flush();
            reported.countDown();
            System.exit(NO_RESULT);
            return;
        }
        System.out.print(GeneratorOutput.encode(result));
        System.out.flush();
        reported.countDown();
        System.exit(0);
    }

    /** The pod name's last part ({@code <job>-<random>}): short, and unique among the Job's pods. */
    static String suffix(String pod) {
        String last = pod.substring(pod.lastIndexOf('-') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return last.isEmpty() ? Long.toString(System.nanoTime() % 1_000_000, 36) : last;
    }
}
