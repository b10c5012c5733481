package dev.todoctl.app.chat.intent;

import dev.todoctl.app.chat.intent.Intent.AddTask;
import dev.todoctl.app.chat.intent.Intent.CompleteTask;
import dev.todoctl.app.chat.intent.Intent.DeleteTask;
import dev.todoctl.app.chat.intent.Intent.Greeting;
import dev.todoctl.app.chat.intent.Intent.Help;
import dev.todoctl.app.chat.intent.Intent.ListTasks;
import dev.todoctl.app.chat.intent.Intent.Pick;
import dev.todoctl.app.chat.intent.Intent.Unknown;
import dev.todoctl.app.chat.intent.Intent.UpdateTask;
import dev.todoctl.app.chat.intent.TaskRef.ById;
import dev.todoctl.app.chat.intent.TaskRef.ByPosition;
import dev.todoctl.app.chat.intent.TaskRef.ByTitle;
import dev.todoctl.app.tasks.Priority;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static dev.todoctl.app.tasks.Priority.HIGH;
import static dev.todoctl.app.tasks.Priority.LOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("IntentParser: chat phrasings to tool intents")
class IntentParserTest {
    /** Wednesday 2026-11-18: tomorrow is Thursday the 19th, the next Monday is the 23rd. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-18T10:15:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 18);

    private final IntentParser parser = new IntentParser(CLOCK);

    static Stream<Arguments> phrasings() {
        return Stream.of(
                // add_task
                arguments("add buy milk to my list", add("buy milk", null, List.of(), null)),
                arguments("Add buy milk", add("buy milk", null, List.of(), null)),
                arguments("remind me to call mom tomorrow with high priority",
                        add("call mom", HIGH, List.of(), TODAY.plusDays(1))),
                arguments("create a task to call the bank", add("call the bank", null, List.of(), null)),
                arguments("new task: water the plants", add("water the plants", null, List.of(), null)),
                arguments("todo: book flights #travel", add("book flights", null, List.of("travel"), null)),
                arguments("add finish report #work with low priority due friday",
                        add("finish report", LOW, List.of("work"), LocalDate.of(2026, 11, 20))),
                arguments("I need to renew my passport in 3 days, it's urgent",
                        add("renew my passport", HIGH, List.of(), TODAY.plusDays(3))),
                arguments("add pay rent on 2026-12-01 tagged bills",
                        add("pay rent", null, List.of("bills"), LocalDate.of(2026, 12, 1))),
                arguments("add dentist appointment next monday tagged health",
                        add("dentist appointment", null, List.of("health"), LocalDate.of(2026, 11, 23))),
                arguments("please add 'Buy milk & eggs' with high priority",
                        add("Buy milk & eggs", HIGH, List.of(), null)),
                arguments("remind me to stretch today", add("stretch", null, List.of(), TODAY)),
                arguments("don't let me forget to send the invoice in 2 weeks #work #finance",
                        add("send the invoice", null, List.of("work", "finance"), TODAY.plusWeeks(2))),
                arguments("Could you add call the plumber the day after tomorrow?",
                        add("call the plumber", null, List.of(), TODAY.plusDays(2))),
                arguments("add clean the garage, priority low", add("clean the garage", LOW, List.of(), null)),

                // list_tasks
                arguments("what's still open?", list("pending", null, null, null, null, null)),
                arguments("show my tasks", list(null, null, null, null, null, null)),
                arguments("list everything", list(null, null, null, null, null, null)),
                arguments("show my work tasks", list(null, null, "work", null, null, null)),
                arguments("show tasks tagged home", list(null, null, "home", null, null, null)),
                arguments("list #errands", list(null, null, "errands", null, null, null)),
                arguments("what's due today?", list("pending", null, null, null, TODAY.plusDays(1), TODAY.minusDays(1))),
                arguments("what do I have to do tomorrow",
                        list("pending", null, null, null, TODAY.plusDays(2), TODAY)),
                arguments("show completed tasks", list("completed", null, null, null, null, null)),
                arguments("show my high priority tasks", list(null, HIGH, null, null, null, null)),
                arguments("anything overdue?", list("pending", null, null, null, TODAY, null)),
                arguments("find tasks about milk", list(null, null, null, "milk", null, null)),
                arguments("search for dentist", list(null, null, null, "dentist", null, null)),
                arguments("which open tasks are tagged work?", list("pending", null, "work", null, null, null)),

                // complete_task
                arguments("mark 'buy milk' as done", complete(new ByTitle("buy milk"), true)),
                arguments("complete the milk task", complete(new ByTitle("milk"), true)),
                arguments("mark task 3 complete", complete(new ById(3), true)),
                arguments("I finished #3", complete(new ById(3), true)),
                arguments("done with task 12", complete(new ById(12), true)),
                arguments("check off buy groceries", complete(new ByTitle("buy groceries"), true)),
                arguments("task 7 is done", complete(new ById(7), true)),
                arguments("reopen task 3", complete(new ById(3), false)),
                arguments("mark \"call mom\" as not done", complete(new ByTitle("call mom"), false)),

                // delete_task
                arguments("delete task 3", delete(new ById(3))),
                arguments("remove #4", delete(new ById(4))),
                arguments("get rid of the dentist task", delete(new ByTitle("dentist"))),
                arguments("please delete 'water the plants' from my list", delete(new ByTitle("water the plants"))),
                arguments("cancel the task about the party", delete(new ByTitle("the party"))),

                // update_task
                arguments("rename task 2 to buy oat milk", update(new ById(2), "buy oat milk", null, null, false, List.of())),
                arguments("change the title of 'milk' to \"buy oat milk\"",
                        update(new ByTitle("milk"), "buy oat milk", null, null, false, List.of())),
                arguments("set the priority of task 5 to high", update(new ById(5), null, HIGH, null, false, List.of())),
                arguments("make task 3 high priority", update(new ById(3), null, HIGH, null, false, List.of())),
                arguments("make the report task low priority",
                        update(new ByTitle("report"), null, LOW, null, false, List.of())),
                arguments("move task 4 to next monday",
                        update(new ById(4), null, null, LocalDate.of(2026, 11, 23), false, List.of())),
                arguments("postpone the dentist task to 2026-12-01",
                        update(new ByTitle("dentist"), null, null, LocalDate.of(2026, 12, 1), false, List.of())),
                arguments("task 6 is due tomorrow", update(new ById(6), null, null, TODAY.plusDays(1), false, List.of())),
                arguments("clear the due date of task 6", update(new ById(6), null, null, null, true, List.of())),
                arguments("tag task 3 with home", update(new ById(3), null, null, null, false, List.of("home"))),
                arguments("add the tag urgent to task 8", update(new ById(8), null, null, null, false, List.of("urgent"))),
                arguments("prioritize the taxes task", update(new ByTitle("taxes"), null, HIGH, null, false, List.of())),

                // small talk, picks, and what it does not understand
                arguments("hello", new Greeting(false)),
                arguments("Hey there!", new Greeting(false)),
                arguments("thanks!", new Greeting(true)),
                arguments("what can you do?", new Help()),
                arguments("#3", new Pick(new ById(3))),
                arguments("3", new Pick(new ById(3))),
                arguments("the second one", new Pick(new ByPosition(2))),
                arguments("what is the meaning of life", new Unknown("what is the meaning of life")),
                arguments("blorp", new Unknown("blorp"))
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("phrasings")
    void parses(String message, Intent expected) {
        assertThat(parser.parse(message)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "?!", "#", "'", "\"\"", "delete", "rename to", "remind me to"})
    @DisplayName("a message that names no task and no title is not understood (the agent asks), never an action")
    void fragmentsAreNotUnderstood(String message) {
        assertThat(parser.parse(message)).isEqualTo(new Unknown(message.strip()));
    }

    @Test
    @DisplayName("stays fast on the longest accepted messages")
    void longInput() {
        List<String> inputs = List.of("to ".repeat(1333), "rename " + "a to ".repeat(800), "add " + "#tag ".repeat(799),
                "mark " + "x ".repeat(1995) + "as done", "'".repeat(4000), "show my " + "tasks and ".repeat(400));
        long start = System.nanoTime();
        inputs.forEach(parser::parse);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2000);
    }

    private static AddTask add(String title, Priority p, List<String> tags, LocalDate due) {
        return new AddTask(title, p, tags, due);
    }

    private static ListTasks list(String status, Priority p, String tag, String text, LocalDate before,
                                  LocalDate after) {
        return new ListTasks(status, p, tag, text, before, after);
    }

    private static CompleteTask complete(TaskRef ref, boolean done) {
        return new CompleteTask(ref, done);
    }

    private static DeleteTask delete(TaskRef ref) {
        return new DeleteTask(ref);
    }

    private static UpdateTask update(TaskRef ref, String title, Priority p, LocalDate due, boolean clear,
                                     List<String> tags) {
        return new UpdateTask(ref, title, p, due, clear, tags);
    }
}
