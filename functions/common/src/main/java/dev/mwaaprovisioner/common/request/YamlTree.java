package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML into a JSON tree. SnakeYAML only <em>composes</em> the document (a node graph with
 * positions); no object of any type is ever constructed from it, so tags like
 * {@code !!java.lang.Runtime} cannot do harm: they are refused. Aliases, nesting and length are
 * bounded by {@link LoaderOptions} before the tree exists, and again while it is built.
 *
 * <p>Scalars keep the meaning YAML gives them (so {@code Enabled: yes} is a boolean and
 * {@code MinWorkers: 2} a number). Numbers in forms other than plain decimal ({@code 0x1A},
 * {@code 1_000}, {@code 1:30}) are kept as the text written.
 */
final class YamlTree {

    private static final JsonNodeFactory NODES = new JsonNodeFactory(true); // keep numbers as written: 2.10, not 2.1
    private static final int MAX_NUMBER_LENGTH = 40;
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final Problems problems;
    private final DocumentLimits.Budget budget = new DocumentLimits.Budget();

    private YamlTree(Problems problems) {
        this.problems = problems;
    }

    /** The document as a tree, {@code NullNode} when it has no content, or null after a problem. */
    static JsonNode read(String text, Problems problems) {
        return new YamlTree(problems).read(text);
    }

    private JsonNode read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(DocumentLimits.MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(DocumentLimits.MAX_DEPTH);
        options.setCodePointLimit(DocumentLimits.MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
                new DumperOptions(), options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            if (String.valueOf(e.getProblem()).startsWith("Global tag is not allowed")) {
                // SnakeYAML refuses tags such as !!python/object before we see them.
                problems.add(Problem.DOCUMENT, "a YAML tag " + at(e.getProblemMark()) + " is not supported; remove it"
                        + " (a request holds only text, numbers, booleans, lists and mappings)");
                return null;
            }
            if (String.valueOf(e.getContext()).startsWith("expected a single document")) {
                problems.add(Problem.DOCUMENT, "holds a second YAML document (---) " + at(e.getProblemMark())
                        + "; a request file holds one request");
                return null;
            }
            problems.add(Problem.DOCUMENT, "malformed YAML " + at(e.getProblemMark()) + ": "
                    + LibraryMessages.oneLine(e.getProblem())
                    + (e.getContext() == null ? "" : " (" + LibraryMessages.oneLine(e.getContext()) + ")")
                    + "; check the indentation and quote values that contain ': ' or start with a special character");
            return null;
        } catch (YAMLException e) {
            problems.add(Problem.DOCUMENT, limitMessage(LibraryMessages.oneLine(e.getMessage())));
            return null;
        }
        if (root == null) {
            return NODES.nullNode();
        }
        try {
            return convert(root, "", 1);
        } catch (DocumentLimits.Exceeded e) {
            problems.add(Problem.DOCUMENT, e.getMessage());
            return null;
        } catch (Refused e) {
            problems.add(e.path, e.getMessage());
            return null;
        }
    }

    private static String limitMessage(String snakeYamlMessage) {
        if (snakeYamlMessage.startsWith("Number of aliases for non-scalar nodes exceeds")) {
            return "the document repeats mappings or lists through more than "
                    + DocumentLimits.MAX_COLLECTION_ALIASES
                    + " YAML aliases (*name), which is how YAML bombs grow; write the values out";
        }
        if (snakeYamlMessage.startsWith("Nesting Depth exceeded")) {
            return "the document nests deeper than " + DocumentLimits.MAX_DEPTH
                    + " levels; a request is at most 4 levels deep — is this the right file?";
        }
        return "cannot be read as YAML: " + snakeYamlMessage;
    }

    private JsonNode convert(Node node, String path, int depth) throws DocumentLimits.Exceeded, Refused {
        budget.enter(depth);
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, path);
        }
        if (node instanceof SequenceNode sequence) {
            requireTag(node, Tag.SEQ, path);
            ArrayNode array = NODES.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, ProblemPath.index(path, array.size()), depth + 1));
            }
            return array;
        }
        MappingNode mapping = (MappingNode) node;
        requireTag(node, Tag.MAP, path);
        ObjectNode object = NODES.objectNode();
        Map<String, Mark> firstSeen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new Refused(path.isEmpty() ? Problem.DOCUMENT : path, "a key " + at(tuple.getKeyNode().getStartMark())
                        + " is a mapping or list; keys are plain names such as MaxWorkers");
            }
            if (keyNode.getTag().equals(Tag.MERGE)) {
                throw new Refused(path.isEmpty() ? Problem.DOCUMENT : path, "the YAML merge key << "
                        + at(keyNode.getStartMark()) + " is not supported; write the keys out");
            }
            String key = keyNode.getValue();
            String keyPath = ProblemPath.child(path, key);
            Mark first = firstSeen.putIfAbsent(key, keyNode.getStartMark());
            if (first != null) {
                problems.add(keyPath, "duplicate key " + at(keyNode.getStartMark()) + ", first given "
                        + at(first) + "; keep only one");
                continue;
            }
            object.set(key, convert(tuple.getValueNode(), keyPath, depth + 1));
        }
        return object;
    }

    private static JsonNode scalar(ScalarNode scalar, String path) throws Refused {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if ((tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) && text.length() > MAX_NUMBER_LENGTH) {
            throw new Refused(path.isEmpty() ? Problem.DOCUMENT : path, "the number " + at(scalar.getStartMark())
                    + " has " + text.length() + " characters; no request value needs more than " + MAX_NUMBER_LENGTH);
        }
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            return NODES.textNode(text);
        }
        if (tag.equals(Tag.INT)) {
            return DECIMAL_INTEGER.matcher(text).matches()
                    ? NODES.numberNode(new BigInteger(text))
                    : NODES.textNode(text);
        }
        if (tag.equals(Tag.FLOAT)) {
            return DECIMAL_NUMBER.matcher(text).matches()
                    ? NODES.numberNode(new BigDecimal(text))
                    : NODES.textNode(text);
        }
        if (tag.equals(Tag.BOOL)) {
            return NODES.booleanNode(switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            });
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        throw unsupportedTag(scalar, path);
    }

    private static void requireTag(Node node, Tag expected, String path) throws Refused {
        if (!node.getTag().equals(expected)) {
            throw unsupportedTag(node, path);
        }
    }

    private static Refused unsupportedTag(Node node, String path) {
        String tag = node.getTag().getValue();
        if (tag.startsWith(Tag.PREFIX)) {
            tag = "!!" + tag.substring(Tag.PREFIX.length()); // as written: !!binary, !!set
        }
        return new Refused(path.isEmpty() ? Problem.DOCUMENT : path, "the YAML tag "
                + Shown.quoted(tag) + " " + at(node.getStartMark())
                + " is not supported; remove it (a request holds only text, numbers, booleans, lists and mappings)");
    }

    static String at(Mark mark) {
        return "at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** Stops reading: the document uses a YAML feature a request never needs. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String path;

        Refused(String path, String message) {
            super(message, null, false, false);
            this.path = path;
        }
    }
}
