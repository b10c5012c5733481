package dev.todoctl.validation.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What every writer renders: a named list of suites. Contract and end-to-end reports both are one. */
public interface Report {
    String name();

    Instant startedAt();

    Duration duration();

    List<SuiteResult> suites();

    default long count(Outcome outcome) {
        return suites().stream().mapToLong(s -> s.count(outcome)).sum();
    }

    default long total() {
        return suites().stream().mapToLong(s -> s.checks().size()).sum();
    }

    default boolean passed() {
        return count(Outcome.FAILED) == 0;
    }

    /** Several reports as one (e.g. contract + e2e into a single JUnit file). */
    static Report combine(String name, List<? extends Report> reports) {
        List<SuiteResult> suites = new ArrayList<>();
        Duration d = Duration.ZERO;
        Instant start = Instant.now();
        for (Report r : reports) {
            suites.addAll(r.suites());
            d = d.plus(r.duration());
            if (r.startedAt().isBefore(start)) {
                start = r.startedAt();
            }
        }
        return new Simple(name, start, d, List.copyOf(suites));
    }

    record Simple(String name, Instant startedAt, Duration duration, List<SuiteResult> suites) implements Report {
    }
}
