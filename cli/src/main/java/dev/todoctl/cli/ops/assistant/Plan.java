package dev.todoctl.cli.ops.assistant;

/**
 * What a mutating tool can do with a request: a {@link PlannedChange} for the gate, or an explanation of why it
 * cannot be done here (unsupported on this target, unknown component, revision not found...). Nothing is changed
 * in either case until the gate approves.
 */
public sealed interface Plan permits PlannedChange, Plan.NotPossible {

    record NotPossible(String reason) implements Plan {
    }

    static Plan notPossible(String reason) {
        return new NotPossible(reason);
    }
}
