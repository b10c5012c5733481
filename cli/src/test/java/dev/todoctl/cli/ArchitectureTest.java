package dev.todoctl.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.todoctl.app.Main;
import dev.todoctl.scenarios.LoadRunner;
import dev.todoctl.validation.ValidationTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package shape todoctl keeps, checked on the compiled main classes of every module (cli, validation,
 * scenarios and the sample app): inside cli, imports point one way (commands → ops, loadtest, render → targets and
 * their stage implementations → pipeline → the stages' interfaces and results → outcome, config, ui, platform);
 * validation and scenarios never import cli, and the app knows nothing of todoctl. ArchUnit fails a rule that matches no class, so no rule passes by looking at
 * nothing.
 */
@DisplayName("architecture")
class ArchitectureTest {
    private static final String CLI = "dev.todoctl.cli";
    private static JavaClasses main;

    /** Each module's main classes, from where the class path has them (target/classes or a jar). */
    @BeforeAll
    static void importMainClasses() {
        List<URL> modules = Stream.of(Todoctl.class, ValidationTarget.class, LoadRunner.class, Main.class)
                .map(ArchitectureTest::codeSource).toList();
        main = new ClassFileImporter().importUrls(modules);
        assertThat(main.containPackage(CLI + ".commands")).isTrue();
    }

    /** A module's classes directory, or its jar when Maven resolved the module from the local repository. */
    private static URL codeSource(Class<?> type) {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        try {
            return location.getPath().endsWith(".jar") ? URI.create("jar:" + location + "!/").toURL() : location;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @DisplayName("inside cli")
    class InsideCli {
        @Test
        @DisplayName("no cycle between its top-level packages")
        void noCycleBetweenTopLevelPackages() {
            slices().matching(CLI + ".(*)..").namingSlices("$1").should().beFreeOfCycles()
                    .because("imports point one way: commands → ops, loadtest, render → targets → pipeline → stages")
                    .check(main);
        }

        @Test
        @DisplayName("no cycle between any two packages")
        void noCycleBetweenAnyPackages() {
            slices().matching(CLI + ".(**)").namingSlices("$1").should().beFreeOfCycles()
                    .because("a target's own package and the packages it uses import one another one way too")
                    .check(main);
        }

        @Test
        @DisplayName("the root package is the program alone: nothing imports it")
        void onlyTheProgramIsAtTheRoot() {
            noClasses().that().resideInAPackage(CLI + "..").and().resideOutsideOfPackage(CLI)
                    .should().dependOnClassesThat().resideInAPackage(CLI)
                    .because("Todoctl lists the commands; they get what they need through CommandContext")
                    .check(main);
        }

        @Test
        @DisplayName("outcome, platform, ui and config are leaves")
        void leaves() {
            leaf(CLI + ".outcome").check(main);
            leaf(CLI + ".platform").check(main);
            leaf(CLI + ".ui", CLI + ".outcome").check(main);
            leaf(CLI + ".config", CLI + ".platform", CLI + ".outcome").check(main);
        }

        @Test
        @DisplayName("the pipeline and the stages know no target and no command")
        void stagesKnowNoTarget() {
            noClasses().that().resideInAnyPackage(CLI + ".pipeline..", CLI + ".build..", CLI + ".load..",
                            CLI + ".deploy..", CLI + ".rollout..", CLI + ".verify..", CLI + ".chart..")
                    .should().dependOnClassesThat().resideInAnyPackage(CLI + ".targets..", CLI + ".commands..")
                    .because("targets supply stage implementations; the stages' interfaces know nothing of them")
                    .check(main);
        }

        @Test
        @DisplayName("only the selector names a concrete target; everything else asks Target for capabilities")
        void concreteTargetsStayBehindTheSelector() {
            for (String target : List.of("kubernetes.KubernetesTarget", "docker.DockerTarget", "local.LocalTarget")) {
                String name = CLI + ".targets." + target;
                String own = name.substring(0, name.lastIndexOf('.'));
                noClasses().that().resideOutsideOfPackages(own, CLI + ".targets.selection")
                        .should().dependOnClassesThat().haveFullyQualifiedName(name)
                        .because("commands and ops ask a Target for what they need (revisions(), events(), "
                                + "restarts() …) instead of testing for, or constructing, a concrete target")
                        .check(main);
            }
        }

        @Test
        @DisplayName("the targets are the three known ones, each in its own package")
        void theTargetsAreKnown() {
            classes().that().implement(dev.todoctl.cli.targets.Target.class)
                    .should().haveFullyQualifiedName(CLI + ".targets.kubernetes.KubernetesTarget")
                    .orShould().haveFullyQualifiedName(CLI + ".targets.docker.DockerTarget")
                    .orShould().haveFullyQualifiedName(CLI + ".targets.local.LocalTarget")
                    .because("Target is closed to these three (what `sealed` would say, which the class path does "
                            + "not allow across packages)")
                    .check(main);
        }

        private static ArchRule leaf(String leaf, String... allowed) {
            String[] own = new String[allowed.length + 1];
            own[0] = leaf + "..";
            for (int i = 0; i < allowed.length; i++) {
                own[i + 1] = allowed[i] + "..";
            }
            return classes().that().resideInAPackage(leaf + "..")
                    .should().onlyDependOnClassesThat(resideInAnyPackage(own).or(resideOutsideOfPackage(CLI + "..")))
                    .because("everything may use " + leaf + ", so it may use nothing above it");
        }
    }

    @Nested
    @DisplayName("between modules")
    class BetweenModules {
        @Test
        @DisplayName("validation imports neither the cli nor the app")
        void validationIsAClientOfTheApp() {
            noClasses().that().resideInAPackage("dev.todoctl.validation..")
                    .should().dependOnClassesThat().resideInAnyPackage(CLI + "..", "dev.todoctl.app..")
                    .because("validation talks to the app only over HTTP, like any client")
                    .check(main);
        }

        @Test
        @DisplayName("scenarios never import the cli")
        void scenariosNeverImportTheCli() {
            noClasses().that().resideInAPackage("dev.todoctl.scenarios..")
                    .should().dependOnClassesThat().resideInAPackage(CLI + "..")
                    .check(main);
        }

        @Test
        @DisplayName("the app knows nothing of todoctl")
        void theAppKnowsNothingOfTodoctl() {
            noClasses().that().resideInAPackage("dev.todoctl.app..")
                    .should().dependOnClassesThat().resideInAnyPackage(CLI + "..", "dev.todoctl.validation..",
                            "dev.todoctl.scenarios..")
                    .because("the sample app is a product of its own and must make sense without todoctl")
                    .check(main);
        }
    }
}
