package dev.mwaaprovisioner.bench;

import dev.mwaaprovisioner.bench.artifacts.ArtifactsBenchmark;
import dev.mwaaprovisioner.bench.coldstart.ColdStartBenchmark;
import dev.mwaaprovisioner.bench.cost.WorkflowCostBenchmark;
import dev.mwaaprovisioner.bench.local.LocalSpeedBenchmark;
import dev.mwaaprovisioner.bench.tests.TestTimes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar bench/target/bench.jar artifacts|coldstart|cost|local|tests}: the benchmarks, each printing a table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of MWAA Provisioner; run from the repository root after "
                + "./mvnw -B -q -pl bench -am package -DskipTests.",
        subcommands = {Main.Artifacts.class, Main.ColdStart.class, Main.Cost.class, Main.Local.class,
                Main.Tests.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    @Command(name = "artifacts", description = "Size and content of each function's deployment artifact.")
    static final class Artifacts implements Callable<Integer> {
        @Override
        public Integer call() {
            return ArtifactsBenchmark.run(Repository.find(), System.out);
        }
    }

    @Command(name = "coldstart", description = "Cold start of every function vs. a default-built baseline, and what SnapStart priming buys.")
    static final class ColdStart implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "Runs per variant (median). Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(names = "--function", split = ",", description = "Only these functions (logical IDs).")
        List<String> functions = List.of();

        @Override
        public Integer call() throws Exception {
            if (runs < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--runs must be at least 1");
            }
            return new ColdStartBenchmark(Repository.find(), runs, functions, System.out).run();
        }
    }

    @Command(name = "cost", description = "State transitions, Lambda invocations and AWS calls of one provisioning; back-off vs fixed 30 s polling.")
    static final class Cost implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return new WorkflowCostBenchmark(Repository.find(), System.out).run();
        }
    }

    @Command(name = "local", description = "Wall time of `provision examples/minimal.yaml`, and of 100 requests dropped at once into a running `up`.")
    static final class Local implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "provision runs (median). Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(names = "--requests", defaultValue = "100", description = "Requests dropped at once. Default: ${DEFAULT-VALUE}.")
        int requests;

        @Override
        public Integer call() throws Exception {
            return new LocalSpeedBenchmark(Repository.find(), runs, requests, System.out).run();
        }
    }

    @Command(name = "tests", description = "Where the time of ./mvnw -B verify goes: tests, time and assertion call sites "
            + "per module, the slowest test classes; with --maven-log, each module's wall time.")
    static final class Tests implements Callable<Integer> {
        @Option(names = "--maven-log", description = "The log of the ./mvnw -B verify run whose reports are read.")
        Path mavenLog;

        @Option(names = "--top", defaultValue = "25", description = "Slowest test classes listed. Default: ${DEFAULT-VALUE}.")
        int top;

        @Override
        public Integer call() throws Exception {
            return new TestTimes(Repository.find(), mavenLog, top, System.out).run();
        }
    }
}
