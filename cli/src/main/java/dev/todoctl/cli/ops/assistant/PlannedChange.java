package dev.todoctl.cli.ops.assistant;

import java.util.Objects;

/**
 * A mutation the assistant wants to make, described before it is made ("will scale deployment ... from 2 to 3
 * replicas"). The work itself is private: the only way to run it is {@link #apply} with an
 * {@link Confirmation.Approval} for this very change, and only {@link Confirmation} can create one — so a tool
 * cannot mutate the deployment without going through the gate, whatever the model asks for.
 */
public final class PlannedChange implements Plan {
    /** The work, run at most once after approval; returns what was done, in words. */
    @FunctionalInterface
    public interface Mutation {
        String run();
    }

    private final String description;
    private final Mutation mutation;
    private boolean applied;

    private PlannedChange(String description, Mutation mutation) {
        this.description = Objects.requireNonNull(description);
        this.mutation = Objects.requireNonNull(mutation);
    }

    public static PlannedChange of(String description, Mutation mutation) {
        return new PlannedChange(description, mutation);
    }

    /** What will be done, as shown to the user before asking. */
    public String description() {
        return description;
    }

    /** Runs the change; refuses without an approval issued for this change, and refuses a second run. */
    synchronized String apply(Confirmation.Approval approval) {
        if (approval == null || !approval.covers(this)) {
            throw new IllegalStateException("change not approved: " + description);
        }
        if (applied) {
            throw new IllegalStateException("change already applied: " + description);
        }
        applied = true;
        return mutation.run();
    }

    @Override
    public String toString() {
        return "PlannedChange[" + description + "]";
    }
}
