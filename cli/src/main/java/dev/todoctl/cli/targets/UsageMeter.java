package dev.todoctl.cli.targets;

import java.util.List;

/**
 * Resource use of the release's components right now: the metrics API on kubernetes, {@code docker stats} on
 * docker, CPU time and RSS from {@code /proc} for local processes.
 */
public interface UsageMeter {
    /** One component's (or pod's) memory in MB and CPU in percent of one core. */
    record Use(String name, double memoryMb, double cpuPercent) {
    }

    /**
     * The figures, or why there are none: {@code use} is empty when nothing could be measured and {@code note}
     * then says why (and may add what is known instead, such as configured limits).
     */
    record Reading(String source, List<Use> use, String note) {
        public Reading {
            use = List.copyOf(use);
        }
    }

    Reading read();
}
