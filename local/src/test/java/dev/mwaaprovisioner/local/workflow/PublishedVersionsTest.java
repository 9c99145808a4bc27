package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A function invoked through its AutoPublishAlias runs the version SAM published, and SAM publishes
 * a new one only when the hash of the code and of the Environment <em>as written</em> changes: a
 * {@code !Ref} to a parameter hashes the same whatever the parameter's value. So every parameter a
 * function's Environment reads must also change the version: through {@code AutoPublishCodeSha256}
 * (a {@code !Ref}, which SAM resolves before hashing) or the {@code VersionDescription} (which
 * CloudFormation resolves; a changed description replaces the version). Otherwise a stack update
 * that changes only the parameter moves the rules but leaves {@code live} on the old value.
 */
class PublishedVersionsTest {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    /** The parameters a value refers to: Ref, ${Name} in a Sub, inside If and other functions. */
    static Set<String> parametersIn(Object value, Set<String> parameters) {
        Set<String> found = new TreeSet<>();
        if (value instanceof String text) {
            return found;
        }
        if (value instanceof List<?> list) {
            list.forEach(v -> found.addAll(parametersIn(v, parameters)));
            return found;
        }
        map(value).forEach((key, inner) -> {
            if (key.equals("Ref") && parameters.contains(String.valueOf(inner))) {
                found.add(String.valueOf(inner));
            } else if (key.equals("Fn::Sub")) {
                Object text = inner instanceof List<?> l ? l.get(0) : inner;
                Matcher m = SUB_VARIABLE.matcher(String.valueOf(text));
                while (m.find()) {
                    if (parameters.contains(m.group(1))) {
                        found.add(m.group(1));
                    }
                }
                if (inner instanceof List<?> l && l.size() > 1) {
                    found.addAll(parametersIn(l.get(1), parameters));
                }
            } else {
                found.addAll(parametersIn(inner, parameters));
            }
        });
        return found;
    }

    /** Problems of one template: functions whose alias would not follow a parameter. */
    static List<String> stalePublishedVersions(Map<String, Object> template) {
        Set<String> parameters = map(template.get("Parameters")).keySet();
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        List<String> problems = new ArrayList<>();
        map(template.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            if (!properties.containsKey("AutoPublishAlias") && !globals.containsKey("AutoPublishAlias")) {
                return;
            }
            Set<String> read = new TreeSet<>(parametersIn(globals.get("Environment"), parameters));
            read.addAll(parametersIn(properties.get("Environment"), parameters));
            Set<String> versioned = new TreeSet<>(parametersIn(properties.get("VersionDescription"), parameters));
            Object sha = properties.get("AutoPublishCodeSha256");
            if (map(sha).containsKey("Ref")) {
                versioned.addAll(parametersIn(sha, parameters));
            }
            for (String parameter : read) {
                if (!versioned.contains(parameter)) {
                    problems.add(id + ": its Environment reads parameter " + parameter + ", but a change of "
                            + parameter + " alone publishes no new version, so the alias keeps the old value; add "
                            + "${" + parameter + "} to VersionDescription (or AutoPublishCodeSha256: !Ref "
                            + parameter + ")");
                }
            }
        });
        return problems;
    }

    @Test
    void everyParameterAFunctionReadsPublishesANewVersionWhenItChanges() {
        Map<String, Object> template = RepositoryFiles.template();
        assertThat(parametersIn(map(map(map(template.get("Resources")).get("ValidateRequestFunction"))
                .get("Properties")).get("Environment"), map(template.get("Parameters")).keySet()))
                .as("the check has something to check").contains("RequestPrefix", "AllowedAirflowVersions");
        assertThat(stalePublishedVersions(template)).isEmpty();
    }

    @Test
    void theCheckTellsAFunctionWhoseAliasWouldKeepAnOldParameterValue() {
        Map<String, Object> template = Map.of(
                "Parameters", Map.of("Prefix", Map.of("Type", "String"), "Versions", Map.of("Type", "String")),
                "Globals", Map.of("Function", Map.of("AutoPublishAlias", "live")),
                "Resources", Map.of("Fn", Map.of("Type", "AWS::Serverless::Function", "Properties", Map.of(
                        "Environment", Map.of("Variables", Map.of("P", Map.of("Ref", "Prefix"),
                                "V", Map.of("Fn::If", List.of("Has", Map.of("Ref", "Versions"), "")))),
                        "VersionDescription", Map.of("Fn::Sub", "p=${Prefix}")))));
        assertThat(stalePublishedVersions(template)).singleElement().asString()
                .startsWith("Fn: its Environment reads parameter Versions");
    }
}
