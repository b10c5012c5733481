package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.Snapshot;
import java.util.List;
import java.util.function.Function;

/**
 * A deterministic check over one target kind's snapshot: a pure function, so it is tested on recorded states
 * without a cluster or an engine.
 */
public interface Rule<S extends Snapshot> {
    String id();

    List<Finding> check(S snapshot);

    static <S extends Snapshot> Rule<S> of(String id, Function<S, List<Finding>> check) {
        return new Rule<>() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Finding> check(S snapshot) {
                return check.apply(snapshot);
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }
}
