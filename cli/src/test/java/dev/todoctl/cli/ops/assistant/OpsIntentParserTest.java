package dev.todoctl.cli.ops.assistant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("offline intent parser: question → tool calls")
class OpsIntentParserTest {
    private final OpsIntentParser parser = new OpsIntentParser();

    static Stream<Arguments> phrasings() {
        return Stream.of(
                // scale
                arguments("scale the api to 3 replicas", List.of(call("scale", "component", "api", "replicas", 3))),
                arguments("Scale api to 3", List.of(call("scale", "component", "api", "replicas", 3))),
                arguments("please scale up the web to five replicas", List.of(call("scale", "component", "web", "replicas", 5))),
                arguments("run 2 replicas of the frontend", List.of(call("scale", "component", "web", "replicas", 2))),
                arguments("scale down the backend to 1", List.of(call("scale", "component", "api", "replicas", 1))),
                arguments("set api replicas to 4", List.of(call("scale", "component", "api", "replicas", 4))),
                // troubleshooting
                arguments("why is the web not starting?", troubleshoot("web")),
                arguments("Why won't the api start", troubleshoot("api")),
                arguments("the web isn't working", troubleshoot("web")),
                arguments("is the api down?", troubleshoot("api")),
                arguments("diagnose", List.of(call("diagnose"))),
                arguments("what's wrong?", List.of(call("diagnose"), call("status"), call("events"))),
                // rollback
                arguments("roll back", List.of(call("rollback"))),
                arguments("rollback", List.of(call("rollback"))),
                arguments("roll back to revision 2", List.of(call("rollback", "revision", 2))),
                arguments("please revert to version 3", List.of(call("rollback", "revision", 3))),
                arguments("undo the last deploy", List.of(call("rollback"))),
                arguments("rollback 4", List.of(call("rollback", "revision", 4))),
                // logs
                arguments("show the api logs", List.of(call("logs", "component", "api"))),
                arguments("logs of the frontend", List.of(call("logs", "component", "web"))),
                arguments("last 100 lines of the web logs", List.of(call("logs", "component", "web", "lines", 100))),
                arguments("show me the logs", List.of(call("logs"))),
                // resources
                arguments("what uses the most memory?", List.of(call("resource_usage"))),
                arguments("which pod uses the most RAM", List.of(call("resource_usage"))),
                arguments("show cpu usage", List.of(call("resource_usage"))),
                // health and listing
                arguments("is everything healthy?", List.of(call("status"))),
                arguments("status", List.of(call("status"))),
                arguments("is it all up and running?", List.of(call("status"))),
                arguments("list the components", List.of(call("list_components"))),
                arguments("what is deployed?", List.of(call("list_components"))),
                arguments("describe the api", List.of(call("describe_component", "component", "api"))),
                arguments("which image does the web run", List.of(call("describe_component", "component", "web"))),
                arguments("how many replicas does the api have?", List.of(call("describe_component", "component", "api"))),
                // restart
                arguments("restart the web", List.of(call("restart", "component", "web"))),
                arguments("bounce the api please", List.of(call("restart", "component", "api"))),
                arguments("restart postgres", List.of(call("restart", "component", "database"))),
                // history, events
                arguments("show history", List.of(call("history"))),
                arguments("what revisions are there?", List.of(call("history"))),
                arguments("show the events for the api", List.of(call("events", "component", "api"))),
                arguments("events", List.of(call("events"))),
                // chart values
                arguments("set api.env.LOG_LEVEL to debug", List.of(call("set_value", "key", "api.env.LOG_LEVEL", "value", "debug"))),
                arguments("set web.service.nodePort=30080", List.of(call("set_value", "key", "web.service.nodePort", "value", "30080"))));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("phrasings")
    void mapsToTools(String question, List<Map.Entry<String, Map<String, Object>>> expected) {
        assertThat(parser.parse(question).toolCalls()).as(question).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is never read as a change")
    @ValueSource(strings = {"why did the api restart?", "why was the web scaled to 3 replicas?",
            "what's wrong with the rollback?"})
    void questionsAreNotChanges(String question) {
        assertThat(parser.parse(question)).isInstanceOf(OpsIntent.Troubleshoot.class);
    }

    @ParameterizedTest(name = "\"{0}\" asks back")
    @ValueSource(strings = {"scale to 3", "restart", "scale the api", "restart everything"})
    void incompleteChangesAskBack(String question) {
        OpsIntent intent = parser.parse(question);
        assertThat(intent).isInstanceOf(OpsIntent.Clarify.class);
        assertThat(intent.toolCalls()).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" gets the list of what it can do")
    @ValueSource(strings = {"", "   ", "help", "what can you do?", "make me a sandwich", "🙂", "'; DROP TABLE x; --",
            "scale", "the the the"})
    void unknownOrHelp(String question) {
        OpsIntent intent = parser.parse(question);
        assertThat(intent).isInstanceOfAny(OpsIntent.Help.class, OpsIntent.Unknown.class, OpsIntent.Clarify.class);
        String answer = OfflineOpsModel.answer(intent).text();
        assertThat(answer).isNotBlank();
        if (!(intent instanceof OpsIntent.Clarify)) {
            assertThat(answer).contains("is everything healthy?").contains("scale the api to 3 replicas");
        }
    }

    @Test
    @DisplayName("null input is help, not an exception")
    void nullInput() {
        assertThat(parser.parse(null)).isInstanceOf(OpsIntent.Help.class);
    }

    @Test
    @DisplayName("the table covers every tool at least once")
    void coversEveryTool() {
        List<String> tools = phrasings().flatMap(a -> ((List<?>) a.get()[1]).stream())
                .map(e -> ((Map.Entry<?, ?>) e).getKey().toString()).distinct().toList();
        assertThat(tools).containsExactlyInAnyOrderElementsOf(OpsTools.NAMES);
    }

    private static List<Map.Entry<String, Map<String, Object>>> troubleshoot(String component) {
        return List.of(call("diagnose"), call("describe_component", "component", component),
                call("events", "component", component), call("logs", "component", component, "lines", 30));
    }

    private static Map.Entry<String, Map<String, Object>> call(String tool, Object... kv) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return Map.entry(tool, args);
    }
}
