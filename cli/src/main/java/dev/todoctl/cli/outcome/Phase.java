package dev.todoctl.cli.outcome;

/**
 * The phase a failure belongs to, and the exit code it maps to. This enum is the one place the exit codes
 * are decided (README "Exit codes"); picocli's own conventions are kept for 1 and 2.
 */
public enum Phase {
    OK(0, "ok"),
    INTERNAL(1, "unexpected internal error"),
    USAGE(2, "usage or configuration error"),
    BUILD(10, "build failed"),
    LOAD(20, "image load failed"),
    DEPLOY(30, "deploy or rollout failed"),
    CONTRACT(40, "contract check failed"),
    E2E(50, "end-to-end check failed"),
    SLO(60, "load-test SLO breached"),
    ROLLBACK(70, "rollback failed"),
    DATABASE(80, "database backup or restore failed");

    private final int exitCode;
    private final String meaning;

    Phase(int exitCode, String meaning) {
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public int exitCode() {
        return exitCode;
    }

    public String meaning() {
        return meaning;
    }
}
