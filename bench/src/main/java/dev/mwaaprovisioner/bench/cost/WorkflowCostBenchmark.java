package dev.mwaaprovisioner.bench.cost;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.bench.LambdaFunction;
import dev.mwaaprovisioner.bench.Machine;
import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.bench.Table;
import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.AslClock;
import dev.mwaaprovisioner.local.asl.AslInterpreter;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionRequest;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.asl.StateMachineDefinition;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.CloudServices;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Service;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code cost}: one successful provisioning of examples/minimal.yaml, run by the real state
 * machine (statemachine/provision.asl.json on the local ASL interpreter) with the real handlers
 * against the local cloud, on its accelerated clock, with realistic durations: the network stack
 * takes about 3 minutes (its NAT gateways), the environment 25. From the execution history and
 * the cloud's request log: state transitions, Lambda invocations, AWS API calls, and how long
 * after each resource was ready the workflow noticed. The same run with every Wait fixed at 30
 * seconds shows what the back-off schedule saves.
 */
public final class WorkflowCostBenchmark {

    /**
     * Simulated seconds per real second: 25 simulated minutes pass in 15 s, and a handler's few
     * real milliseconds stay a few simulated seconds, as a warm Lambda's are.
     */
    static final double TIME_SCALE = 100;
    /**
     * A NAT gateway takes minutes to become available; with the other resources' times this makes
     * the network stack take about 3 minutes, as on AWS.
     */
    static final Duration NAT_GATEWAY_PENDING = Duration.ofSeconds(60);
    static final String CONFIG_BUCKET = "mwaa-provisioner-configbucket-cost";
    static final String SOURCE_BUCKET = "airflow-analytics-dev";

    /** The figures of one provisioning. */
    record Cost(String schedule, String status, long transitions, long lambdaInvocations, long awsCalls,
                Map<String, Long> invocationsByFunction, Duration networkReadyAfter, Duration networkNoticedAfter,
                Duration environmentReadyAfter, Duration environmentNoticedAfter, Duration total) {
    }

    private final Repository repository;
    private final PrintStream out;

    public WorkflowCostBenchmark(Repository repository, PrintStream out) {
        this.repository = repository;
        this.out = out;
    }

    public int run() throws Exception {
        out.println("Machine: " + Machine.describe());
        Cost backOff = provision("back-off (PollingSchedule)", false);
        Cost fixed = provision("fixed 30 s", true);
        Table table = new Table("polling", "outcome", "state transitions", "Lambda invocations", "AWS API calls",
                "network noticed after ready", "environment noticed after ready", "execution time (simulated)");
        for (Cost c : List.of(backOff, fixed)) {
            table.row(c.schedule(), c.status(), c.transitions(), c.lambdaInvocations(), c.awsCalls(),
                    seconds(c.networkNoticedAfter()), seconds(c.environmentNoticedAfter()), minutes(c.total()));
        }
        out.printf("One provisioning of examples/minimal.yaml: the network stack takes %s from CreateStack to"
                + " CREATE_COMPLETE, the environment %s from CreateEnvironment to AVAILABLE (simulated at %.0fx)%n%n",
                minutes(backOff.networkReadyAfter()), minutes(backOff.environmentReadyAfter()), TIME_SCALE);
        table.print(out);
        out.println();
        Table perFunction = new Table("function", "invocations, back-off", "invocations, fixed 30 s");
        for (String fn : backOff.invocationsByFunction().keySet()) {
            perFunction.row(fn, backOff.invocationsByFunction().get(fn), fixed.invocationsByFunction().getOrDefault(fn, 0L));
        }
        perFunction.print(out);
        boolean goals = backOff.status().equals("SUCCEEDED") && backOff.transitions() <= 50
                && backOff.lambdaInvocations() <= 20
                && backOff.environmentNoticedAfter().compareTo(Duration.ofMinutes(2)) <= 0;
        out.println();
        out.println("Outside the state machine, DispatchFunction runs once per delivered event and starts the"
                + " execution: one more Lambda invocation and one more AWS call (StartExecution) per provisioning.");
        out.println("Goals (at most 50 transitions, 20 invocations, completion noticed within 2 minutes): "
                + (goals ? "met" : "MISSED"));
        return goals ? 0 : 1;
    }

    Cost provision(String schedule, boolean fixedPolling) throws Exception {
        LocalCloudConfig config = LocalCloudConfig.defaults().withTimeScale(TIME_SCALE)
                .withServices(withRealisticNatGateways(CloudServices.all()));
        try (LocalCloud cloud = LocalCloud.start(config)) {
            Map<String, String> environment = environment(cloud);
            String key = "requests/analytics-dev.yaml";
            String version;
            try (AwsClientFactory clients = new AwsClientFactory(environment);
                 S3Client s3 = clients.create(S3Client.builder().forcePathStyle(true), AwsService.S3)) {
                for (String bucket : List.of(CONFIG_BUCKET, SOURCE_BUCKET)) {
                    s3.createBucket(b -> b.bucket(bucket));
                    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
                    s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                            .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
                }
                version = s3.putObject(b -> b.bucket(CONFIG_BUCKET).key(key),
                        RequestBody.fromBytes(Files.readAllBytes(repository.resolve("examples/minimal.yaml")))).versionId();
            }
            cloud.requestLog().clear();

            Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
            Map<String, AtomicInteger> invocations = new TreeMap<>();
            String text = Files.readString(repository.resolve("statemachine/provision.asl.json"));
            for (LambdaFunction function : LambdaFunction.all(repository)) {
                if (!text.contains("${" + function.logicalId() + "Arn}")) {
                    continue; // not a task of the state machine (DispatchFunction starts it): see the note printed
                }
                RequestStreamHandler handler = (RequestStreamHandler) Class.forName(function.handlerClass())
                        .getConstructor(Map.class).newInstance(environment);
                // Primed as SnapStart primes it, so the handlers' first calls take milliseconds, not
                // seconds of class loading that the accelerated clock would turn into minutes.
                handler.getClass().getMethod("prime").invoke(handler);
                handlers.put(function.logicalId(), handler);
                invocations.put(function.logicalId(), new AtomicInteger());
                text = text.replace("${" + function.logicalId() + "Arn}",
                        "arn:aws:lambda:us-east-1:000000000000:function:" + function.logicalId() + ":live");
            }
            JsonNode definition = WorkflowJson.MAPPER.readTree(text);
            if (fixedPolling) {
                fixWaits(definition, 30);
            }
            CloudClock clock = cloud.clock();
            try (AslInterpreter interpreter = new AslInterpreter(new AslClock() {
                @Override
                public Instant now() {
                    return clock.now();
                }

                @Override
                public void sleep(Duration duration) throws InterruptedException {
                    clock.sleep(duration);
                }
            }, request -> invoke(handlers, invocations, request))) {
                String name = "cost-" + (fixedPolling ? "fixed" : "backoff");
                ExecutionRequest request = new ExecutionRequest(
                        "arn:aws:states:us-east-1:000000000000:execution:ProvisioningStateMachine:" + name, name,
                        "arn:aws:states:us-east-1:000000000000:stateMachine:ProvisioningStateMachine",
                        "ProvisioningStateMachine", null, objectCreated(key, version));
                Execution execution = interpreter.run(
                        StateMachineDefinition.parse(WorkflowJson.MAPPER.writeValueAsString(definition)), request,
                        Duration.ofMinutes(5));
                return cost(schedule, execution, cloud, invocations);
            }
        }
    }

    private Cost cost(String schedule, Execution execution, LocalCloud cloud, Map<String, AtomicInteger> invocations) {
        List<HistoryEvent> history = execution.history();
        long transitions = history.stream().filter(e -> e.type().endsWith("StateEntered")).count();
        List<RequestLog.Entry> calls = cloud.requestLog().entries().stream().filter(e -> e.caller() != null).toList();
        Instant start = execution.startDate();
        // When each resource became ready, from the cloud: the stack's CREATE_COMPLETE, and the
        // environment's creation request plus the local MWAA's 25 minutes.
        Optional<Instant> networkReady = stackCompleted(cloud);
        Optional<Instant> stackCreated = calls.stream()
                .filter(e -> e.operation().equals("CreateStack") && e.succeeded()).map(RequestLog.Entry::at).findFirst();
        Optional<Instant> environmentCreated = calls.stream()
                .filter(e -> e.operation().equals("CreateEnvironment") && e.succeeded()).map(RequestLog.Entry::at).findFirst();
        Optional<Instant> environmentReady = environmentCreated.map(t -> t.plus(Duration.ofMinutes(25)));
        Optional<Instant> networkNoticed = noticed(history, "CheckNetworkStack", "CREATE_COMPLETE", "Network");
        Optional<Instant> environmentNoticed = noticed(history, "CheckEnvironment", "AVAILABLE", "Environment");
        Map<String, Long> byFunction = new LinkedHashMap<>();
        invocations.forEach((fn, n) -> byFunction.put(fn, (long) n.get()));
        return new Cost(schedule, execution.status().toString(), transitions,
                invocations.values().stream().mapToLong(AtomicInteger::get).sum(), calls.size(), byFunction,
                between(stackCreated, networkReady), between(networkReady, networkNoticed),
                between(environmentCreated, environmentReady), between(environmentReady, environmentNoticed),
                between(start, execution.stopDate()));
    }

    private static Duration between(Instant start, Optional<Instant> end) {
        return end.map(e -> Duration.between(start, e)).orElse(null);
    }

    private static Duration between(Optional<Instant> start, Optional<Instant> end) {
        return start.isPresent() && end.isPresent() ? Duration.between(start.get(), end.get()) : null;
    }

    /** When a check state's task returned the ready status: the timestamp of its TaskSucceeded. */
    private static Optional<Instant> noticed(List<HistoryEvent> history, String state, String status, String field) {
        String current = null;
        for (HistoryEvent e : history) {
            if (e.type().endsWith("StateEntered")) {
                current = e.stateName().orElse(null);
            }
            if (state.equals(current) && e.type().equals("TaskStateExited")) {
                String output = e.detail("output").map(JsonNode::asText).orElse("");
                if (output.contains("\"Status\":\"" + status + "\"")) {
                    return Optional.of(e.timestamp());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> stackCompleted(LocalCloud cloud) {
        Map<String, String> environment = environment(cloud);
        try (AwsClientFactory clients = new AwsClientFactory(environment);
             var cfn = clients.create(software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder(),
                     AwsService.CLOUDFORMATION)) {
            return cfn.describeStackEvents(r -> r.stackName("mwaa-analytics-dev-network")).stackEvents().stream()
                    .filter(e -> e.logicalResourceId().equals(e.stackName())
                            && "CREATE_COMPLETE".equals(e.resourceStatusAsString()))
                    .map(e -> e.timestamp()).findFirst();
        }
    }

    /** Every Wait state that sleeps for the schedule's NextCheckSeconds sleeps a fixed time instead. */
    static void fixWaits(JsonNode definition, int seconds) {
        Iterator<Map.Entry<String, JsonNode>> states = definition.path("States").fields();
        while (states.hasNext()) {
            ObjectNode state = (ObjectNode) states.next().getValue();
            if ("Wait".equals(state.path("Type").asText()) && state.path("SecondsPath").asText().endsWith("NextCheckSeconds")) {
                state.remove("SecondsPath");
                state.put("Seconds", seconds);
            }
        }
    }

    /** The local cloud's services, with the EC2 NAT gateway taking minutes to become available, as on AWS. */
    static List<Function<ServiceContext, CloudService>> withRealisticNatGateways(
            List<Function<ServiceContext, CloudService>> services) {
        List<Function<ServiceContext, CloudService>> tuned = new ArrayList<>();
        for (Function<ServiceContext, CloudService> factory : services) {
            tuned.add(context -> {
                CloudService service = factory.apply(context);
                if (service instanceof Ec2Service) {
                    service.close();
                    return new Ec2Service(context, Ec2Settings.defaults().withNatGatewayPendingTime(NAT_GATEWAY_PENDING));
                }
                return service;
            });
        }
        return tuned;
    }

    static Map<String, String> environment(LocalCloud cloud) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", LocalCloud.DEFAULT_REGION);
        env.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "bench");
        env.put("AWS_SECRET_ACCESS_KEY", "bench");
        env.put("CONFIG_BUCKET", CONFIG_BUCKET);
        env.put("REQUEST_PREFIX", "requests/");
        env.put("EVENT_BUS_NAME", "default");
        return env;
    }

    private JsonNode objectCreated(String key, String version) throws IOException {
        ObjectNode event = (ObjectNode) WorkflowJson.MAPPER.readTree(
                repository.events().resolve("ValidateRequestFunction/s3-object-created.json").toFile());
        ((ObjectNode) event.path("detail").path("bucket")).put("name", CONFIG_BUCKET);
        ((ObjectNode) event.path("detail").path("object")).put("key", key).put("version-id", version);
        event.putArray("resources").add("arn:aws:s3:::" + CONFIG_BUCKET);
        return event;
    }

    private static LambdaInvoker.LambdaResponse invoke(Map<String, RequestStreamHandler> handlers,
            Map<String, AtomicInteger> invocations, LambdaInvoker.LambdaRequest request) {
        String[] arn = request.functionName().split(":");
        String name = arn.length >= 7 ? arn[6] : request.functionName();
        RequestStreamHandler handler = handlers.get(name);
        if (handler == null) {
            return new LambdaInvoker.LambdaResponse(404, null, "Unhandled",
                    error("ResourceNotFoundException", "Function not found: " + request.functionName()), null);
        }
        invocations.get(name).incrementAndGet();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(WorkflowJson.MAPPER.writeValueAsBytes(request.payload())), out, null);
            return new LambdaInvoker.LambdaResponse(200, "1", null, WorkflowJson.MAPPER.readTree(out.toByteArray()), null);
        } catch (Exception | Error e) {
            return new LambdaInvoker.LambdaResponse(200, "1", "Unhandled",
                    error(e.getClass().getName(), String.valueOf(e.getMessage())), null);
        }
    }

    private static JsonNode error(String type, String message) {
        ObjectNode error = WorkflowJson.MAPPER.createObjectNode();
        error.put("errorMessage", message);
        error.put("errorType", type);
        error.putArray("stackTrace");
        return error;
    }

    private static String seconds(Duration d) {
        return d == null ? "n/a" : d.toSeconds() + " s";
    }

    private static String minutes(Duration d) {
        return d == null ? "n/a" : String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
