package dev.todoctl.validation.report;

/** How one check ended. */
public enum Outcome { PASSED, FAILED, SKIPPED }
