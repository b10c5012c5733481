package dev.todoctl.app.chat.offline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.todoctl.app.chat.tools.ToolResult;

import java.util.ArrayList;
import java.util.List;

/** The offline provider's words: replies written from tool results, and the fixed answers for small talk. */
final class ReplyWriter {
    static final String CAPABILITIES = """
            I can help with your todo list. Try:
            - "add buy milk tomorrow #shopping" or "remind me to call mom on friday with high priority"
            - "what's still open?", "show my work tasks", "what's due today?"
            - "mark 'buy milk' as done" or "complete task 3"
            - "rename task 2 to buy oat milk", "move task 4 to next monday", "make task 3 high priority"
            - "delete task 3\"""";
    static final String GREETING = "Hi! " + CAPABILITIES;
    static final String HELP = CAPABILITIES;
    static final String YOU_ARE_WELCOME = "You're welcome! Anything else on your list?";
    static final String WHICH_TASK = "Which task do you mean? Give its number (e.g. \"task 3\") or part of its title "
            + "in quotes, like 'buy milk'.";
    private static final int SHOWN = 20;

    static String whatAbout(long id) {
        return "What should I do with task #" + id + "? For example \"complete task " + id + "\", \"delete task " + id
                + "\" or \"rename task " + id + " to ...\".";
    }

    String notUnderstood(String text) {
        String quoted = text == null || text.isBlank() ? "that" : "\"" + abbreviate(text, 80) + "\"";
        return "Sorry, I didn't understand " + quoted + ". " + CAPABILITIES;
    }

    String afterTools(List<ToolExecutionResultMessage> results) {
        List<String> parts = new ArrayList<>();
        for (ToolExecutionResultMessage r : results) {
            parts.add(afterTool(r.toolName(), ToolResult.parse(r.text())));
        }
        return String.join("\n\n", parts);
    }

    private String afterTool(String tool, JsonNode result) {
        String message = result.path("message").asText();
        if (!result.path("ok").asBoolean(false)) {
            return switch (result.path("error").asText()) {
                case "ambiguous" -> ambiguous(result);
                case "not_found" -> message + " Say \"show my tasks\" to see them with their numbers.";
                default -> "I couldn't do that: " + message;
            };
        }
        return switch (tool) {
            case "list_tasks" -> listing(result);
            case "add_task" -> message.replaceFirst("^Added", "Done! I added") + nudge(result.path("task"));
            case "complete_task" -> result.path("task").path("completed").asBoolean() ? "Nice work! " + message
                    : message;
            default -> "Done. " + message;
        };
    }

    private static String ambiguous(JsonNode result) {
        StringBuilder sb = new StringBuilder("Several tasks match. Which one do you mean?");
        int n = 1;
        for (JsonNode c : result.path("candidates")) {
            sb.append('\n').append(n++).append(". ").append(line(c));
        }
        return sb.append("\nAnswer with its number, e.g. \"#").append(result.path("candidates").path(0).path("id")
                .asLong()).append("\" or \"the first one\".").toString();
    }

    private static String listing(JsonNode result) {
        JsonNode tasks = result.path("tasks");
        if (tasks.isEmpty()) {
            return result.path("message").asText() + " Add one with e.g. \"add buy milk tomorrow\".";
        }
        long total = result.path("total").asLong(tasks.size());
        StringBuilder sb = new StringBuilder(result.path("message").asText().replaceFirst("\\.$", ":"));
        int shown = 0;
        for (JsonNode t : tasks) {
            if (shown++ == SHOWN) {
                break;
            }
            sb.append("\n- ").append(line(t));
        }
        if (total > Math.min(tasks.size(), SHOWN)) {
            sb.append("\n...and ").append(total - Math.min(tasks.size(), SHOWN)).append(" more.");
        }
        return sb.toString();
    }

    private static String line(JsonNode t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.path("completed").asBoolean() ? "[x] " : "[ ] ");
        sb.append('#').append(t.path("id").asLong()).append(' ').append(t.path("title").asText());
        List<String> extra = new ArrayList<>();
        String priority = t.path("priority").asText("medium");
        if (!priority.equals("medium")) {
            extra.add(priority + " priority");
        }
        if (t.hasNonNull("due_date")) {
            extra.add("due " + t.get("due_date").asText());
        }
        if (!extra.isEmpty()) {
            sb.append(" (").append(String.join(", ", extra)).append(')');
        }
        for (JsonNode tag : t.path("tags")) {
            sb.append(" #").append(tag.asText());
        }
        return sb.toString();
    }

    private static String nudge(JsonNode task) {
        return task.hasNonNull("due_date") ? "" : " Want a due date? Say e.g. \"move task " + task.path("id").asLong()
                + " to tomorrow\".";
    }

    private static String abbreviate(String s, int max) {
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max) + "...";
    }
}
