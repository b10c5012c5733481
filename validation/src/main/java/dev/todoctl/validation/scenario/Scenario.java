package dev.todoctl.validation.scenario;

/**
 * One end-to-end scenario: a JUnit test suite of named checks. Creates its own users and data through
 * {@link ScenarioContext} and leaves cleanup to it.
 */
public interface Scenario {
    /** Stable short id used to select scenarios, e.g. {@code "auth"}. */
    String id();

    /** Suite name in reports, e.g. {@code "e2e 2: auth"}. */
    String title();

    void run(ScenarioContext ctx);
}
