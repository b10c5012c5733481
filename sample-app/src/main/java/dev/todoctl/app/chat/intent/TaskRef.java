package dev.todoctl.app.chat.intent;

/** How a message names an existing task: by id ("task 3", "#3"), by a title fragment, or by position in a list. */
public sealed interface TaskRef {

    record ById(long id) implements TaskRef {
    }

    record ByTitle(String fragment) implements TaskRef {
    }

    /** "the first one": 1-based position among the candidates the assistant just offered. */
    record ByPosition(int position) implements TaskRef {
    }
}
