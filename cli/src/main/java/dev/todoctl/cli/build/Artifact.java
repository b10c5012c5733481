package dev.todoctl.cli.build;

/** One built thing: a jar path or an image reference, with the content digest that identifies it. */
public record Artifact(String name, String reference, String digest) {
}
