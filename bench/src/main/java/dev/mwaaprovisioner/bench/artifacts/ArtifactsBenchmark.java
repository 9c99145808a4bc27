package dev.mwaaprovisioner.bench.artifacts;

import dev.mwaaprovisioner.bench.LambdaFunction;
import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.bench.Table;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** {@code artifacts}: each function module's deployment artifact, its size and what it was made from. */
public final class ArtifactsBenchmark {

    private ArtifactsBenchmark() {
    }

    public static int run(Repository repository, PrintStream out) {
        List<LambdaFunction> functions = LambdaFunction.all(repository);
        Table table = new Table("module", "functions", "artifact (zip)", "unzipped", "classes",
                "dependencies before shrinking", "HTTP client", "limit");
        boolean allWithin = true;
        for (String module : LambdaFunction.modules(functions)) {
            LambdaFunction first = functions.stream().filter(f -> f.module().equals(module)).findFirst().orElseThrow();
            LambdaArtifact artifact = new LambdaArtifact(module, first.artifact(repository), first.dependencyList(repository));
            long zip = artifact.zippedBytes();
            boolean within = zip <= LambdaArtifact.maxZipBytes(module) && artifact.forbidden().isEmpty();
            allWithin &= within;
            List<LambdaArtifact.Dependency> deps = artifact.dependencies();
            String http = deps.stream().map(LambdaArtifact.Dependency::artifactId)
                    .filter(a -> a.endsWith("-client") && !a.equals("aws-crt-client") || a.equals("aws-crt"))
                    .collect(Collectors.joining(", "));
            table.row(module,
                    functions.stream().filter(f -> f.module().equals(module)).map(LambdaFunction::logicalId)
                            .collect(Collectors.joining(", ")),
                    Table.mib(zip), Table.mib(artifact.unzippedBytes()), artifact.classCount(),
                    deps.size() + " jars, " + Table.mib(artifact.dependencyBytes()),
                    http, within ? "ok" : "OVER / FORBIDDEN: " + artifact.forbidden());
        }
        out.println("Deployment artifacts (target/lambda of each module; limit " + Table.mib(LambdaArtifact.MAX_ZIP_BYTES)
                + " zipped, " + Table.mib(LambdaArtifact.MAX_ZIP_BYTES_ENVIRONMENT) + " for functions/environment, no Netty, no CRT, one HTTP client)");
        out.println();
        table.print(out);
        return allWithin ? 0 : 1;
    }
}
