package dev.todoctl.app.fuzz;

import java.util.Locale;

/**
 * How much to fuzz. CI runs the default (5,000 generated requests per database, fixed seed); a long run sets
 * {@code TODOCTL_FUZZ_REQUESTS} (or {@code -Dtodoctl.fuzz.requests}), e.g. 100000. With
 * {@code TODOCTL_FUZZ_FAIL_FAST=false} the run does not stop at the first broken invariant but counts them all
 * (for measuring a code base, not for CI).
 *
 * @param requests generated requests per database (read-backs and health checks come on top)
 * @param failFast stop and shrink at the first batch that breaks an invariant
 */
record FuzzSettings(int requests, boolean failFast) {
    /** Batches per run: each try sends one batch; shrinking then looks for the smallest failing batch. */
    static final int TRIES = 100;
    /** Fixed, so CI runs are repeatable; jqwik prints it with every failure. */
    static final String SEED = "20261207";

    static FuzzSettings fromEnvironment() {
        return new FuzzSettings(Integer.parseInt(setting("todoctl.fuzz.requests", "TODOCTL_FUZZ_REQUESTS", "5000")),
                !"false".equals(setting("todoctl.fuzz.fail-fast", "TODOCTL_FUZZ_FAIL_FAST", "true")
                        .toLowerCase(Locale.ROOT)));
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int batchSize() {
        return Math.max(1, (requests + TRIES - 1) / TRIES);
    }
}
