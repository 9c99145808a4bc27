package dev.mwaaprovisioner.common.documents;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads CloudFormation templates (YAML with the short-form intrinsic tags, or JSON) into plain
 * {@link Map}s, {@link List}s and scalars, with every intrinsic function in its long form:
 * {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt R.A} becomes
 * {@code {"Fn::GetAtt": ["R", "A"]}}, {@code !Sub ...} becomes {@code {"Fn::Sub": ...}} and so on.
 * The result is the same whether a template was written in YAML, in short or long form, or in JSON.
 *
 * <p>It follows the YAML subset CloudFormation accepts: aliases, hash merges and the binary,
 * omap, pairs, set and timestamp tags are refused, unquoted dates stay strings (as in
 * {@code AWSTemplateFormatVersion: 2010-09-09}), only true/false are booleans, duplicate keys are
 * errors. Mapping order is kept.
 */
public final class CloudFormationYaml {

    /** CloudFormation accepts template bodies up to 1 MB (from S3); anything larger is refused. */
    static final int MAX_CODE_POINTS = 1024 * 1024;

    private static final Tag[] REFUSED_TAGS = {Tag.BINARY, Tag.OMAP, Tag.PAIRS, Tag.SET, Tag.TIMESTAMP};

    /** Short-form tags whose long form is {@code Fn::<Name>}. */
    private static final List<String> FN_TAGS = List.of(
            "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "If", "ImportValue", "Join",
            "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CloudFormationYaml() {
    }

    /**
     * Reads a template whose root must be a mapping (as every CloudFormation template is).
     *
     * @throws CloudFormationYamlException if the text is not a readable template
     */
    public static Map<String, Object> parseTemplate(String text) {
        Object root = parse(text);
        if (!(root instanceof Map)) {
            throw new CloudFormationYamlException(
                    "A CloudFormation template must be a mapping at its root (Resources, Parameters, ...), but this "
                            + "document is " + describe(root) + ".", 0, 0, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) root;
        for (Object key : template.keySet()) {
            if (!(key instanceof String)) {
                throw new CloudFormationYamlException(
                        "Template section names must be strings, found the key " + key + ".", 0, 0, null);
            }
        }
        return template;
    }

    /** Reads a template from a UTF-8 stream; see {@link #parseTemplate(String)}. */
    public static Map<String, Object> parseTemplate(InputStream utf8) throws IOException {
        return parseTemplate(new String(utf8.readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Reads any CloudFormation-flavoured YAML or JSON document (a template, a template fragment,
     * a policy written in YAML) into plain values with long-form intrinsics.
     *
     * @throws CloudFormationYamlException if the text is not readable
     */
    public static Object parse(String text) {
        if (text == null) {
            throw new CloudFormationYamlException("The template text is missing (null).", 0, 0, null);
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.codePointCount(0, body.length()) > MAX_CODE_POINTS) {
            throw new CloudFormationYamlException("The template is larger than CloudFormation accepts ("
                    + MAX_CODE_POINTS + " characters); split it or move parts into nested stacks.", 0, 0, null);
        }
        if (body.isBlank()) {
            throw new CloudFormationYamlException("The template is empty.", 0, 0, null);
        }
        if (!body.stripLeading().startsWith("{")) {
            return parseYaml(body);
        }
        try {
            return JSON.readValue(body, Object.class);
        } catch (JsonProcessingException jsonProblem) {
            // A root flow mapping is also YAML ({Resources: {...}}); if that reads, it is fine.
            try {
                return parseYaml(body);
            } catch (CloudFormationYamlException yamlProblem) {
                throw jsonError(jsonProblem);
            }
        }
    }

    private static CloudFormationYamlException jsonError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        return new CloudFormationYamlException("The template is not valid JSON" + position(line, column) + ": "
                + e.getOriginalMessage(), line, column, e);
    }

    private static Object parseYaml(String body) {
        Yaml yaml = newYaml();
        try {
            refuseAliases(yaml, body);
            Object root = yaml.load(body);
            if (root == null) {
                throw new CloudFormationYamlException("The template is empty.", 0, 0, null);
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new CloudFormationYamlException("The template is not valid CloudFormation YAML"
                    + position(line, column) + ": " + problem, line, column, e);
        } catch (YAMLException e) {
            throw new CloudFormationYamlException("The template is not valid CloudFormation YAML: " + e.getMessage(),
                    0, 0, e);
        }
    }

    /** CloudFormation refuses aliases, so they are refused here before anything is built from them. */
    private static void refuseAliases(Yaml yaml, String body) {
        for (Event event : yaml.parse(new StringReader(body))) {
            if (event instanceof AliasEvent) {
                Mark mark = event.getStartMark();
                int line = mark.getLine() + 1;
                int column = mark.getColumn() + 1;
                throw new CloudFormationYamlException("The template uses a YAML alias" + position(line, column)
                        + ", which CloudFormation does not support; repeat the value instead.", line, column, null);
            }
        }
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setCodePointLimit(MAX_CODE_POINTS + 1);
        options.setNestingDepthLimit(100);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new IntrinsicConstructor(options), new Representer(dumperOptions), dumperOptions, options,
                new CloudFormationResolver());
    }

    private static String position(int line, int column) {
        return line > 0 ? " at line " + line + ", column " + column : "";
    }

    private static String describe(Object value) {
        if (value instanceof List) {
            return "a list";
        }
        return value == null ? "empty" : "the scalar '" + value + "'";
    }

    /**
     * Implicit types without timestamps and merge keys, which CloudFormation does not have, and
     * with only true/false as booleans: YAML 1.1's yes/no/on/off would turn keys and values such as
     * {@code On} or {@code NO} (a country code) into booleans.
     */
    private static final class CloudFormationResolver extends Resolver {
        private static final Pattern TRUE_FALSE = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, TRUE_FALSE, "tTfF");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    /** Builds the long form of every short-form intrinsic tag. */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            for (String name : FN_TAGS) {
                yamlConstructors.put(new Tag("!" + name), new LongForm("Fn::" + name));
            }
            yamlConstructors.put(new Tag("!Ref"), new ScalarOnly("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new ScalarOnly("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (Tag refused : REFUSED_TAGS) {
                yamlConstructors.put(refused, new Refused(refused));
            }
        }

        Object constructAny(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }

        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                return single(key, constructAny(node));
            }
        }

        private final class ScalarOnly extends AbstractConstruct {
            private final String key;

            ScalarOnly(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                if (!(node instanceof ScalarNode scalar)) {
                    throw new Problem("!" + key + " takes a single name, such as !" + key
                            + " MyResource, not a list or a mapping", node.getStartMark());
                }
                return single(key, constructScalar(scalar));
            }
        }

        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                if (node instanceof ScalarNode scalar) {
                    String value = constructScalar(scalar);
                    int dot = value.indexOf('.');
                    if (dot <= 0 || dot == value.length() - 1) {
                        throw new Problem("!GetAtt takes LogicalId.Attribute, such as "
                                + "!GetAtt MyEip.AllocationId, but got '" + value + "'", node.getStartMark());
                    }
                    List<Object> parts = new ArrayList<>(2);
                    parts.add(value.substring(0, dot));
                    parts.add(value.substring(dot + 1));
                    return single("Fn::GetAtt", parts);
                }
                return single("Fn::GetAtt", constructAny(node));
            }
        }

        private static final class Refused extends AbstractConstruct {
            private final Tag tag;

            Refused(Tag tag) {
                this.tag = tag;
            }

            @Override
            public Object construct(Node node) {
                throw new Problem("the tag " + tag + " is not supported by CloudFormation; "
                        + "write the value as a plain string, list or mapping", node.getStartMark());
            }
        }

        /** A construction problem with the position of the offending node. */
        private static final class Problem extends MarkedYAMLException {
            private static final long serialVersionUID = 1L;

            Problem(String problem, Mark at) {
                super(null, null, problem, at);
            }
        }

        private static Map<String, Object> single(String key, Object value) {
            Map<String, Object> map = new LinkedHashMap<>(2);
            map.put(key, value);
            return map;
        }
    }
}
