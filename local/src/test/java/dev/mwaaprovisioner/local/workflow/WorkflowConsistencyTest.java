package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * template.yaml, statemachine/, events/, the Makefile, the docs and the handler classes agree
 * with each other: what is deployed is what is built, invoked and documented.
 */
class WorkflowConsistencyTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    @Test
    void everyFunctionIsBuiltFromAModuleAndHasItsHandlerClassAndMethod() throws Exception {
        Map<String, String> makefileModules = makefileModules();
        Map<String, Map<String, Object>> functions = RepositoryFiles.resources("AWS::Serverless::Function");
        assertThat(functions).hasSize(17);
        assertThat(makefileModules.keySet()).containsExactlyInAnyOrderElementsOf(functions.keySet());

        for (var entry : functions.entrySet()) {
            String logicalId = entry.getKey();
            Map<String, Object> properties = map(entry.getValue().get("Properties"));
            assertThat(map(entry.getValue().get("Metadata")).get("BuildMethod")).as(logicalId).isEqualTo("makefile");
            assertThat(properties.get("CodeUri")).as(logicalId + " CodeUri (the Makefile's folder)").isEqualTo(".");
            Path module = RepositoryFiles.ROOT.resolve(makefileModules.get(logicalId));
            assertThat(module.resolve("pom.xml")).as(logicalId + " module").exists();

            String[] handler = String.valueOf(properties.get("Handler")).split("::");
            assertThat(handler).as(logicalId + " Handler class::method").hasSize(2);
            Path source = module.resolve("src/main/java/" + handler[0].replace('.', '/') + ".java");
            assertThat(source).as(logicalId + " handler source in its module").exists();

            Class<?> type = Class.forName(handler[0]);
            assertThat(type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class))
                    .as(logicalId + " handler method").isNotNull();
            assertThat(type.getConstructor().getModifiers() & Modifier.PUBLIC).as("Lambda's no-arg constructor").isNotZero();
            assertThat(type.getConstructor(Map.class)).as("the environment-map constructor").isNotNull();
            assertThat(type.getField("FUNCTION").get(null)).as("the User-Agent name of " + handler[0]).isEqualTo(logicalId);
        }
    }

    @Test
    void everyPlaceholderOfTheDefinitionHasASubstitutionAndViceVersa() {
        String definition = RepositoryFiles.read(RepositoryFiles.STATE_MACHINE);
        Set<String> placeholders = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(definition);
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        Map<String, Object> machine = stateMachine();
        Map<String, Object> substitutions = map(machine.get("DefinitionSubstitutions"));
        assertThat(placeholders).isEqualTo(new TreeSet<>(substitutions.keySet()));
        assertThat(machine.get("DefinitionUri")).isEqualTo("statemachine/provision.asl.json");

        Set<String> functions = RepositoryFiles.resources("AWS::Serverless::Function").keySet();
        substitutions.forEach((name, value) -> {
            // The alias is the SnapStart version; the bare function ARN would run $LATEST without it.
            String ref = String.valueOf(map(value).get("Ref"));
            assertThat(ref).as(name).endsWith(".Alias");
            String function = ref.substring(0, ref.length() - ".Alias".length());
            assertThat(functions).as(name).contains(function);
            assertThat(name).isEqualTo(function + "Arn");
        });
    }

    @Test
    void everyTaskInvokesAFunctionThroughASubstitution() {
        JsonNode states = RepositoryFiles.json(RepositoryFiles.STATE_MACHINE).path("States");
        int tasks = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            if (state.getValue().path("Type").asText().equals("Task")) {
                tasks++;
                assertThat(state.getValue().path("Resource").asText()).as(state.getKey())
                        .matches("\\$\\{[A-Za-z]+FunctionArn}");
                assertThat(state.getValue().path("Catch").toString()).as(state.getKey() + " catches every error")
                        .contains("States.ALL");
                assertThat(state.getValue().path("Retry").toString()).as(state.getKey() + " retries Lambda's transient errors")
                        .contains("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
                                "Lambda.TooManyRequestsException", "RetryableAwsException");
            }
        }
        assertThat(tasks).isEqualTo(31);
    }

    @Test
    void theDefinitionIsWellFormed() {
        JsonNode definition = RepositoryFiles.json(RepositoryFiles.STATE_MACHINE);
        JsonNode states = definition.path("States");
        Set<String> names = new HashSet<>();
        states.fieldNames().forEachRemaining(names::add);
        Map<String, List<String>> next = new LinkedHashMap<>();
        states.fields().forEachRemaining(e -> next.put(e.getKey(), targets(e.getValue())));
        next.forEach((state, targets) -> assertThat(names).as("targets of " + state).containsAll(targets));

        // Every state is reachable from StartAt, and every path ends in Succeed or Fail.
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(definition.path("StartAt").asText()));
        while (!todo.isEmpty()) {
            String state = todo.pop();
            if (reached.add(state)) {
                todo.addAll(next.get(state));
            }
        }
        assertThat(reached).isEqualTo(names);
        states.fields().forEachRemaining(e -> {
            String type = e.getValue().path("Type").asText();
            boolean terminal = type.equals("Succeed") || type.equals("Fail") || e.getValue().path("End").asBoolean();
            assertThat(terminal || !next.get(e.getKey()).isEmpty()).as(e.getKey() + " leads somewhere").isTrue();
            if (type.equals("Wait")) {
                assertThat(e.getValue().path("SecondsPath").asText()).as(e.getKey() + " waits as the check says")
                        .endsWith(".NextCheckSeconds");
            }
            if (type.equals("Fail")) {
                assertThat(e.getValue().has("ErrorPath") && e.getValue().has("CausePath"))
                        .as(e.getKey() + " shows a meaningful Error and Cause").isTrue();
            }
        });
    }

    @Test
    void everyEventFileIsTheInputOfItsFunction() throws IOException {
        Set<String> functions = RepositoryFiles.resources("AWS::Serverless::Function").keySet();
        Map<String, String> handlers = new LinkedHashMap<>();
        RepositoryFiles.resources("AWS::Serverless::Function").forEach((id, r) ->
                handlers.put(id, String.valueOf(map(r.get("Properties")).get("Handler")).split("::")[0]));
        Set<String> covered = new HashSet<>();
        try (Stream<Path> files = Files.walk(RepositoryFiles.EVENTS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String function = file.getParent().getFileName().toString();
                assertThat(functions).as(file + " is in the folder of a function").contains(function);
                covered.add(function);
                JsonNode event = RepositoryFiles.json(file);
                Class<?> handler = classFor(handlers.get(function));
                Class<?> input = inputType(handler);
                if (input == null) {
                    // The dispatch and the first step take the EventBridge event itself; the dispatch
                    // gets every event a rule picks.
                    assertThat(event.path("source").asText()).as(file.toString()).isIn("aws.s3", "mwaa-provisioner");
                    assertThat(event.path("detail-type").asText()).as(file.toString()).isIn(
                            function.equals("DispatchFunction")
                                    ? List.of("Object Created", "Object Deleted", "Provision Environment", "Deprovision Environment")
                                    : List.of("Object Created", "Provision Environment"));
                    assertThat(event.path("detail").isObject()).isTrue();
                } else {
                    Object parsed = WorkflowJson.MAPPER.treeToValue(event, input);
                    for (RecordComponent component : input.getRecordComponents()) {
                        try {
                            assertThat(component.getAccessor().invoke(parsed)).as(file + " " + component.getName())
                                    .isNotNull();
                        } catch (ReflectiveOperationException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
            }
        }
        assertThat(covered).as("every function has a sample input in events/").isEqualTo(functions);
    }

    @Test
    void policiesAreScopedToTheNamesTheWorkflowDerives() {
        String template = RepositoryFiles.read(RepositoryFiles.TEMPLATE);
        String stack = DerivedNames.networkStackName("analytics_dev");
        String role = DerivedNames.executionRoleName("a-very-long-environment-name-that-needs-a-hash-to-fit-iam-limits");
        assertThat(stack).matches("mwaa-.*-network");
        assertThat(role).matches("mwaa-.*-execution");
        assertThat(template).contains("stack/mwaa-*-network/*", "role/mwaa-*-execution");
        assertThat(DerivedNames.statusKey("analytics-dev")).startsWith("status/");
        assertThat(template).contains("${ConfigBucket.Arn}/status/*");
    }

    @Test
    void everyFunctionArtifactHasOneHttpClientAndNoNetty() throws IOException {
        Map<String, String> modules = makefileModules();
        for (String module : new TreeSet<>(modules.values())) {
            // The artifact is one shrunk jar (functions/lambda-artifact.pro); the runtime dependencies
            // it is made from are listed next to it by `package`. A run that stops before it has none.
            Path list = RepositoryFiles.ROOT.resolve(module).resolve("target/lambda-dependencies.txt");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(list), "no " + list + " yet");
            List<String> jars = Files.readAllLines(list).stream()
                    .filter(line -> line.contains(".jar"))
                    .map(line -> line.replaceAll("^.*/([^/\\s]+\\.jar).*$", "$1"))
                    .toList();
            assertThat(jars).as(module).noneMatch(j -> j.startsWith("netty") || j.startsWith("aws-crt"));
            List<String> httpClients = jars.stream()
                    .filter(j -> j.startsWith("url-connection-client-") || j.startsWith("apache-client-")).toList();
            assertThat(httpClients).as(module + " HTTP clients").hasSize(1);
            assertThat(httpClients.get(0)).as(module).startsWith(
                    module.endsWith("/environment") ? "apache-client-" : "url-connection-client-");
        }
    }

    @Test
    void theDocumentedDiagramIsGeneratedFromTheDefinition() {
        String document = RepositoryFiles.read(RepositoryFiles.HOW_IT_WORKS);
        String expected = StateMachineDiagram.block(RepositoryFiles.read(RepositoryFiles.STATE_MACHINE));
        assertThat(document).as("docs/how-it-works.md diagram is stale: run java -jar local/target/mwaa-local.jar diagram "
                + "--update docs/how-it-works.md").contains(expected);
    }

    private static Map<String, Object> stateMachine() {
        Map<String, Map<String, Object>> machines = RepositoryFiles.resources("AWS::Serverless::StateMachine");
        assertThat(machines).containsOnlyKeys("ProvisioningStateMachine");
        return map(machines.get("ProvisioningStateMachine").get("Properties"));
    }

    /** LogicalId to module of the Makefile's table ({@code Name := functions/x}). */
    private static Map<String, String> makefileModules() {
        Map<String, String> modules = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([A-Za-z]+Function)\\s*:=\\s*(\\S+)$").matcher(RepositoryFiles.read(RepositoryFiles.MAKEFILE));
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        return modules;
    }

    private static List<String> targets(JsonNode state) {
        List<String> targets = new java.util.ArrayList<>();
        if (state.has("Next")) {
            targets.add(state.get("Next").asText());
        }
        if (state.has("Default")) {
            targets.add(state.get("Default").asText());
        }
        state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
        state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
        return targets;
    }

    private static Class<?> classFor(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }

    /** The handler's nested {@code Input} record, or null when it takes the raw event. */
    private static Class<?> inputType(Class<?> handler) {
        for (Class<?> nested : handler.getDeclaredClasses()) {
            if (nested.getSimpleName().equals("Input") && nested.isRecord()) {
                return nested;
            }
        }
        return null;
    }
}
