package dev.todoctl.validation.scenario;

/** A check's expectation was not met; the message is what the report shows. */
public final class CheckFailure extends RuntimeException {
    public CheckFailure(String message) {
        super(message, null, false, false);
    }
}
