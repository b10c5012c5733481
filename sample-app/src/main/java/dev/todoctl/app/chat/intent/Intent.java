package dev.todoctl.app.chat.intent;

import dev.todoctl.app.tasks.Priority;

import java.time.LocalDate;
import java.util.List;

/**
 * What a chat message asks for, as understood by the offline {@link IntentParser}. Each variant maps onto one
 * tool call (or onto a direct answer for {@link Greeting}, {@link Help} and {@link Unknown}).
 */
public sealed interface Intent {

    /** {@code add_task}. */
    record AddTask(String title, Priority priority, List<String> tags, LocalDate dueDate) implements Intent {
        public AddTask {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * {@code list_tasks}. {@code status} is {@code pending}, {@code completed} or null (all); the due bounds are
     * exclusive, as in the REST API.
     */
    record ListTasks(String status, Priority priority, String tag, String text, LocalDate dueBefore,
                     LocalDate dueAfter) implements Intent {
        public static ListTasks all() {
            return new ListTasks(null, null, null, null, null, null);
        }
    }

    /** {@code complete_task}; {@code completed=false} reopens. */
    record CompleteTask(TaskRef task, boolean completed) implements Intent {
    }

    /** {@code delete_task}. */
    record DeleteTask(TaskRef task) implements Intent {
    }

    /**
     * {@code update_task}: only non-null changes apply. {@code clearDueDate} removes the due date;
     * {@code addTags} are merged into the task's tags.
     */
    record UpdateTask(TaskRef task, String title, Priority priority, LocalDate dueDate, boolean clearDueDate,
                      List<String> addTags) implements Intent {
        public UpdateTask {
            addTags = addTags == null ? List.of() : List.copyOf(addTags);
        }
    }

    /** A bare reference ("3", "#3", "the second one"): the answer to "which one do you mean?". */
    record Pick(TaskRef task) implements Intent {
    }

    record Greeting(boolean thanks) implements Intent {
    }

    record Help() implements Intent {
    }

    record Unknown(String text) implements Intent {
    }
}
