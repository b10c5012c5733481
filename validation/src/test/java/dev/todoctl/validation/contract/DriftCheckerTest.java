package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Table of drift rules, each applied to a copy of the frozen contract. */
@DisplayName("DriftChecker classifies changes from a client's point of view")
class DriftCheckerTest {
    private static final OpenApiDocument FROZEN = OpenApiDocument.bundled();

    private static List<Change> driftAfter(Consumer<ObjectNode> edit) {
        ObjectNode live = FROZEN.root().deepCopy();
        edit.accept(live);
        return DriftChecker.diff(FROZEN, new OpenApiDocument(live));
    }

    private static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    @Test
    void identicalDocumentsHaveNoChanges() {
        assertThat(DriftChecker.diff(FROZEN, FROZEN)).isEmpty();
    }

    @Test
    void normalisingTheFrozenContractIsStable() {
        OpenApiDocument again = ContractFreezer.normalise(FROZEN);
        assertThat(ContractFreezer.toYaml(again)).isEqualTo(ContractFreezer.toYaml(FROZEN));
        assertThat(FROZEN.root().has("servers")).isFalse();
    }

    @Test
    void frozenContractIsValidOpenApiAndLintCatchesStructuralMistakes() {
        assertThat(OpenApiLint.problems(FROZEN)).isEmpty();
        ObjectNode broken = FROZEN.root().deepCopy();
        at(broken, "/paths/~1api~1v1~1tasks~1{id}/delete/responses/204").remove("description");
        broken.put("bogus", 1);
        assertThat(OpenApiLint.problems(new OpenApiDocument(broken)))
                .anyMatch(m -> m.contains("description is missing")).anyMatch(m -> m.contains("bogus"));
    }

    @Test
    void removedPathIsBreaking() {
        assertThat(driftAfter(d -> at(d, "/paths").remove("/api/v1/conversations")))
                .containsExactly(new Change(Change.Severity.BREAKING, "/api/v1/conversations", "path removed"));
    }

    @Test
    void removedMethodIsBreakingAddedIsCompatible() {
        assertThat(driftAfter(d -> at(d, "/paths/~1api~1v1~1tasks~1{id}").remove("patch")))
                .extracting(Change::toString).containsExactly("breaking: PATCH /api/v1/tasks/{id}: method removed");
        assertThat(driftAfter(d -> at(d, "/paths/~1health").set("head", d.at("/paths/~1health/get"))))
                .allMatch(c -> !c.breaking()).isNotEmpty();
    }

    @Test
    void removedResponseCodeIsBreaking() {
        assertThat(driftAfter(d -> at(d, "/paths/~1api~1v1~1tasks/post/responses").remove("422")))
                .extracting(Change::toString).contains("breaking: POST /api/v1/tasks response 422: response code removed");
    }

    @Test
    void newRequiredRequestFieldIsBreakingNewOptionalIsCompatible() {
        List<Change> required = driftAfter(d -> {
            at(d, "/components/schemas/TaskInput/properties").putObject("owner").put("type", "string");
            ((ArrayNode) d.at("/components/schemas/TaskInput/required")).add("owner");
        });
        assertThat(required).filteredOn(Change::breaking).extracting(Change::description)
                .contains("new required request field");
        List<Change> optional = driftAfter(d ->
                at(d, "/components/schemas/TaskInput/properties").putObject("color").put("type", "string"));
        assertThat(optional).isNotEmpty().noneMatch(Change::breaking);
    }

    @Test
    void changedTypeIsBreaking() {
        assertThat(driftAfter(d -> at(d, "/components/schemas/Task/properties/id").put("type", "string")))
                .filteredOn(Change::breaking).extracting(Change::description)
                .anyMatch(s -> s.equals("type changed from integer to string"));
    }

    @Test
    void changedEnumIsBreakingExceptAValueAddedToARequest() {
        assertThat(driftAfter(d -> ((ArrayNode) d.at("/components/schemas/Priority/enum")).remove(0)))
                .filteredOn(Change::breaking).isNotEmpty();
        // Priority is in requests and responses: an added value breaks readers of the responses
        assertThat(driftAfter(d -> ((ArrayNode) d.at("/components/schemas/Priority/enum")).add("urgent")))
                .filteredOn(Change::breaking).extracting(Change::location).anyMatch(l -> l.contains("response"));
        // the status query parameter is request-only: a new value is compatible
        assertThat(driftAfter(d -> ((ArrayNode) d.at("/paths/~1api~1v1~1tasks/get/parameters/0/schema/enum")).add("all")))
                .isNotEmpty().noneMatch(Change::breaking);
    }

    @Test
    void removedResponseFieldIsBreaking() {
        assertThat(driftAfter(d -> {
            at(d, "/components/schemas/Task/properties").remove("due_date");
            ((ArrayNode) d.at("/components/schemas/Task/required")).remove(6);
        })).filteredOn(Change::breaking).extracting(Change::description).contains("response field removed");
    }

    @Test
    void operationThatStartsRequiringATokenIsBreaking() {
        assertThat(driftAfter(d -> at(d, "/paths/~1health/get").remove("security")))
                .extracting(Change::toString).containsExactly("breaking: GET /health: now requires a bearer token");
    }

    @Test
    void tightenedRequestLimitIsBreaking() {
        assertThat(driftAfter(d -> at(d, "/components/schemas/TaskInput/properties/title").put("maxLength", 50)))
                .filteredOn(Change::breaking).extracting(Change::description).contains("maxLength tightened to 50");
    }
}
