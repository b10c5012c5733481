package dev.todoctl.cli.build;

/** Turns the source into deployable artifacts (a jar for the local target, images for the others). */
public interface ImageBuilder {
    BuildResult build();
}
