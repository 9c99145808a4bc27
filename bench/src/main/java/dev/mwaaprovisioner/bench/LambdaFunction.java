package dev.mwaaprovisioner.bench;

import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function of template.yaml: its logical ID, its handler class and the Maven module that
 * builds it (from the Makefile that `sam build` runs), read from the checkout so the
 * benchmarks always measure what is deployed.
 *
 * @param logicalId    e.g. {@code ReportFunction}
 * @param handlerClass e.g. {@code dev.mwaaprovisioner.functions.report.ReportHandler}
 * @param module       e.g. {@code functions/report}
 */
public record LambdaFunction(String logicalId, String handlerClass, String module) {

    private static final Pattern MAKEFILE_LINE = Pattern.compile("(?m)^(\\w+Function)\\s*:=\\s*(\\S+)\\s*$");

    /** The deployment artifact folder the module's build lays out (lib/*.jar). */
    public Path artifact(Repository repository) {
        return repository.resolve(module).resolve("target/lambda");
    }

    /** The dependency list the module's build writes next to the artifact. */
    public Path dependencyList(Repository repository) {
        return repository.resolve(module).resolve("target/lambda-dependencies.txt");
    }

    /** The baseline handler of bench/baseline for this function. */
    public String baselineClass() {
        return "dev.mwaaprovisioner.bench.baseline." + logicalId.replaceFirst("Function$", "") + "Baseline";
    }

    /** Every function of template.yaml, in template order. */
    public static List<LambdaFunction> all(Repository repository) {
        Map<String, String> modules = new LinkedHashMap<>();
        Matcher m = MAKEFILE_LINE.matcher(read(repository.makefile()));
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        Map<String, Object> template = CloudFormationYaml.parseTemplate(read(repository.template()));
        List<LambdaFunction> functions = new ArrayList<>();
        Map<?, ?> resources = (Map<?, ?>) template.get("Resources");
        resources.forEach((id, value) -> {
            Map<?, ?> resource = (Map<?, ?>) value;
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            String handler = String.valueOf(((Map<?, ?>) resource.get("Properties")).get("Handler"));
            String module = modules.get(String.valueOf(id));
            if (module == null) {
                throw new IllegalStateException(id + " of template.yaml has no line in the Makefile");
            }
            functions.add(new LambdaFunction(String.valueOf(id), handler.replaceFirst("::.*$", ""), module));
        });
        return functions;
    }

    /** The modules that build functions, each once (two functions may share one). */
    public static List<String> modules(List<LambdaFunction> functions) {
        return functions.stream().map(LambdaFunction::module).distinct().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
