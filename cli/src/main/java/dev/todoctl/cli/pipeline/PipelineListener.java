package dev.todoctl.cli.pipeline;

import dev.todoctl.cli.outcome.StageResult;
import dev.todoctl.cli.outcome.TodoctlException;

/** Told as each stage starts and ends, e.g. to print one summary line per stage. */
public interface PipelineListener {
    PipelineListener NONE = new PipelineListener() {
    };

    default void started(String stage) {
    }

    default void finished(StageResult result) {
    }

    default void failed(String stage, TodoctlException failure) {
    }
}
