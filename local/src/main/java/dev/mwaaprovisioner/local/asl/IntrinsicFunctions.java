package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The JSONPath intrinsic functions of the Amazon States Language (Appendix B): parsing, checked
 * when the definition is created, and evaluation, which fails with {@code States.IntrinsicFailure}
 * on misuse.
 */
final class IntrinsicFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_STRING_LENGTH = 10_000;
    private static final int MAX_RANGE_ITEMS = 1_000;

    /** Allowed argument counts: {min, max}; max -1 means unbounded. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, -1}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, -1}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    private static final Map<String, String> HASH_ALGORITHMS = Map.of(
            "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private IntrinsicFunctions() {
    }

    /** A parsed argument or call. */
    sealed interface Expr permits Call, Literal, PathRef {
    }

    record Call(String name, List<Expr> args, String text) implements Expr {
    }

    /** A literal; for strings {@code raw} keeps the escapes, which States.Format needs. */
    record Literal(JsonNode value, String raw) implements Expr {
    }

    record PathRef(String path) implements Expr {
    }

    /** A malformed intrinsic function call (a definition error). */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** Whether the text looks like an intrinsic function call rather than a path. */
    static boolean looksLikeCall(String text) {
        return text != null && text.startsWith("States.");
    }

    static Call parse(String text) throws SyntaxException {
        Parser parser = new Parser(text);
        Call call = parser.call();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new SyntaxException("unexpected '" + text.substring(parser.pos) + "' after the closing parenthesis");
        }
        return call;
    }

    // ------------------------------------------------------------------------------------------
    // Parsing

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        Call call() throws SyntaxException {
            int start = pos;
            while (!atEnd() && isNameChar(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (name.isEmpty()) {
                throw new SyntaxException("expected an intrinsic function name at position " + start);
            }
            int[] arity = ARITY.get(name);
            if (arity == null) {
                throw new SyntaxException("'" + name + "' is not an intrinsic function (known: "
                        + String.join(", ", new java.util.TreeSet<>(ARITY.keySet())) + ")");
            }
            if (atEnd() || text.charAt(pos) != '(') {
                throw new SyntaxException("expected '(' after " + name);
            }
            pos++;
            List<Expr> args = new ArrayList<>();
            skipSpaces();
            if (!atEnd() && text.charAt(pos) == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(argument());
                    skipSpaces();
                    if (atEnd()) {
                        throw new SyntaxException("missing ')' to close " + name);
                    }
                    char c = text.charAt(pos++);
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw new SyntaxException("expected ',' or ')' in the arguments of " + name + " but found '" + c + "'");
                    }
                }
            }
            if (args.size() < arity[0] || (arity[1] >= 0 && args.size() > arity[1])) {
                String expected = arity[1] < 0 ? "at least " + arity[0]
                        : arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
                throw new SyntaxException(name + " takes " + expected + " argument(s) but was given " + args.size());
            }
            return new Call(name, args, text.substring(start, pos));
        }

        private Expr argument() throws SyntaxException {
            skipSpaces();
            if (atEnd()) {
                throw new SyntaxException("missing argument at the end of '" + text + "'");
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (c == '-' || Character.isDigit(c)) {
                return number();
            }
            for (String keyword : new String[] {"null", "true", "false"}) {
                if (text.startsWith(keyword, pos)
                        && (pos + keyword.length() >= text.length() || !isNameChar(text.charAt(pos + keyword.length())))) {
                    pos += keyword.length();
                    JsonNode value = keyword.equals("null") ? NODES.nullNode() : BooleanNode.valueOf(keyword.equals("true"));
                    return new Literal(value, null);
                }
            }
            return call();
        }

        private Literal string() throws SyntaxException {
            int start = ++pos;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new SyntaxException("unterminated string starting at position " + (start - 1));
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    break;
                }
                if (c == '\\') {
                    if (atEnd() || "'{}\\".indexOf(text.charAt(pos)) < 0) {
                        throw new SyntaxException("open escape '\\' in string at position " + (pos - 1)
                                + " (escape only ', {, } and \\ with a backslash)");
                    }
                    value.append(text.charAt(pos++));
                } else {
                    value.append(c);
                }
            }
            return new Literal(TextNode.valueOf(value.toString()), text.substring(start, pos - 1));
        }

        private PathRef path() throws SyntaxException {
            int start = pos;
            int depth = 0;
            char quote = 0;
            while (!atEnd()) {
                char c = text.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || (c == ')' && depth > 0)) {
                    depth--;
                } else if (depth == 0 && (c == ',' || c == ')')) {
                    break;
                }
                pos++;
            }
            String path = text.substring(start, pos).trim();
            if (!JsonPaths.isPath(path)) {
                throw new SyntaxException("'" + path + "' is not a valid JSONPath");
            }
            return new PathRef(path);
        }

        private Literal number() throws SyntaxException {
            int start = pos;
            while (!atEnd() && "-+.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String number = text.substring(start, pos);
            try {
                JsonNode value = Json.parse(number);
                if (!value.isNumber()) {
                    throw new SyntaxException("'" + number + "' is not a number");
                }
                return new Literal(value, null);
            } catch (JsonProcessingException e) {
                throw new SyntaxException("'" + number + "' is not a number");
            }
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '_';
        }
    }

    // ------------------------------------------------------------------------------------------
    // Evaluation

    static JsonNode evaluate(Call call, JsonNode input, JsonNode context) {
        List<JsonNode> args = new ArrayList<>();
        for (Expr arg : call.args()) {
            args.add(value(arg, input, context, call));
        }
        return switch (call.name()) {
            case "States.Format" -> format(call, args);
            case "States.StringToJson" -> stringToJson(call, args.get(0));
            case "States.JsonToString" -> TextNode.valueOf(Json.compact(args.get(0)));
            case "States.Array" -> {
                ArrayNode array = NODES.arrayNode();
                args.forEach(array::add);
                yield array;
            }
            case "States.ArrayPartition" -> arrayPartition(call, args);
            case "States.ArrayContains" -> {
                ArrayNode array = array(call, args.get(0), 1);
                boolean found = false;
                for (JsonNode item : array) {
                    found |= Json.sameValue(item, args.get(1));
                }
                yield BooleanNode.valueOf(found);
            }
            case "States.ArrayRange" -> arrayRange(call, args);
            case "States.ArrayGetItem" -> {
                ArrayNode array = array(call, args.get(0), 1);
                int index = integer(call, args.get(1), 2);
                if (index < 0 || index >= array.size()) {
                    throw failure(call, "the index " + index + " is out of bounds for an array of length " + array.size());
                }
                yield array.get(index);
            }
            case "States.ArrayLength" -> IntNode.valueOf(array(call, args.get(0), 1).size());
            case "States.ArrayUnique" -> {
                ArrayNode unique = NODES.arrayNode();
                for (JsonNode item : array(call, args.get(0), 1)) {
                    boolean seen = false;
                    for (JsonNode kept : unique) {
                        seen |= Json.sameValue(kept, item);
                    }
                    if (!seen) {
                        unique.add(item);
                    }
                }
                yield unique;
            }
            case "States.Base64Encode" -> TextNode.valueOf(Base64.getEncoder().encodeToString(
                    limited(call, string(call, args.get(0), 1)).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode" -> {
                try {
                    yield TextNode.valueOf(new String(
                            Base64.getDecoder().decode(limited(call, string(call, args.get(0), 1))), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw failure(call, "the argument is not valid Base64: " + e.getMessage());
                }
            }
            case "States.Hash" -> hash(call, args);
            case "States.JsonMerge" -> jsonMerge(call, args);
            case "States.MathRandom" -> mathRandom(call, args);
            case "States.MathAdd" -> {
                long sum = (long) integer(call, args.get(0), 1) + integer(call, args.get(1), 2);
                if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
                    throw failure(call, "the sum " + sum + " is outside the 32-bit integer range");
                }
                yield IntNode.valueOf((int) sum);
            }
            case "States.StringSplit" -> {
                String value = string(call, args.get(0), 1);
                String delimiters = string(call, args.get(1), 2);
                ArrayNode parts = NODES.arrayNode();
                // The second argument is a set of delimiter characters ("This.is+a" split on ".+").
                StringTokenizer tokens = new StringTokenizer(value, delimiters);
                while (tokens.hasMoreTokens()) {
                    parts.add(tokens.nextToken());
                }
                yield parts;
            }
            case "States.UUID" -> TextNode.valueOf(UUID.randomUUID().toString());
            default -> throw new IllegalStateException("Parsed an unknown function " + call.name());
        };
    }

    private static JsonNode value(Expr arg, JsonNode input, JsonNode context, Call call) {
        if (arg instanceof Literal literal) {
            return literal.value();
        }
        if (arg instanceof PathRef ref) {
            try {
                return JsonPaths.read(ref.path(), input, context);
            } catch (JsonPaths.NoSuchPathException e) {
                throw failure(call, "the path '" + ref.path() + "' could not be found in the input '"
                        + Json.compact(ref.path().startsWith("$$") ? context : input) + "'");
            }
        }
        return evaluate((Call) arg, input, context);
    }

    private static JsonNode format(Call call, List<JsonNode> args) {
        Expr templateArg = call.args().get(0);
        JsonNode template = args.get(0);
        if (!template.isTextual()) {
            throw failure(call, "the first argument must be a string but was " + describe(template));
        }
        // A literal template keeps its escapes: \{ and \} are braces, not a placeholder.
        String raw = templateArg instanceof Literal literal && literal.raw() != null ? literal.raw() : null;
        String text = raw != null ? raw : template.asText();
        StringBuilder out = new StringBuilder();
        int argIndex = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (raw != null && c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                if (argIndex >= args.size()) {
                    throw failure(call, "the format string has more {} placeholders than the " + (args.size() - 1)
                            + " argument(s) given");
                }
                JsonNode value = args.get(argIndex++);
                if (value.isContainerNode()) {
                    throw failure(call, "argument " + argIndex + " is " + describe(value)
                            + "; only strings, numbers, booleans and null can be formatted");
                }
                out.append(value.isNull() ? "null" : value.asText());
                i++;
            } else {
                out.append(c);
            }
        }
        if (argIndex != args.size()) {
            throw failure(call, "the format string has " + (argIndex - 1) + " {} placeholder(s) but "
                    + (args.size() - 1) + " argument(s) were given");
        }
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode stringToJson(Call call, JsonNode arg) {
        String text = string(call, arg, 1);
        try {
            JsonNode parsed = Json.parse(text);
            if (parsed == null || parsed.isMissingNode()) {
                throw failure(call, "the argument is an empty string, not JSON");
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw failure(call, "the argument is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode arrayPartition(Call call, List<JsonNode> args) {
        ArrayNode array = array(call, args.get(0), 1);
        int size = integer(call, args.get(1), 2);
        if (size <= 0) {
            throw failure(call, "the chunk size must be a positive integer but was " + size);
        }
        ArrayNode chunks = NODES.arrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) {
                chunk = chunks.addArray();
            }
            chunk.add(array.get(i));
        }
        return chunks;
    }

    private static JsonNode arrayRange(Call call, List<JsonNode> args) {
        int start = integer(call, args.get(0), 1);
        int end = integer(call, args.get(1), 2);
        int step = integer(call, args.get(2), 3);
        if (step == 0) {
            throw failure(call, "the step (third argument) must not be zero");
        }
        ArrayNode range = NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (range.size() == MAX_RANGE_ITEMS) {
                throw failure(call, "the range has more than " + MAX_RANGE_ITEMS + " items");
            }
            range.add((int) v);
        }
        return range;
    }

    private static JsonNode hash(Call call, List<JsonNode> args) {
        JsonNode data = args.get(0);
        String text = data.isTextual() ? data.asText() : Json.compact(data);
        limited(call, text);
        String algorithm = HASH_ALGORITHMS.get(string(call, args.get(1), 2));
        if (algorithm == null) {
            throw failure(call, "the algorithm '" + args.get(1).asText() + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(HASH_ALGORITHMS.keySet())));
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides " + algorithm, e);
        }
    }

    private static JsonNode jsonMerge(Call call, List<JsonNode> args) {
        if (!args.get(0).isObject() || !args.get(1).isObject()) {
            throw failure(call, "both JSON arguments must be objects but were " + describe(args.get(0)) + " and "
                    + describe(args.get(1)));
        }
        if (!args.get(2).isBoolean()) {
            throw failure(call, "the third argument must be a boolean but was " + describe(args.get(2)));
        }
        if (args.get(2).booleanValue()) {
            // Step Functions implements only the shallow mode and rejects true.
            throw failure(call, "only shallow merging is supported: the third argument must be false");
        }
        ObjectNode merged = ((ObjectNode) args.get(0)).deepCopy();
        merged.setAll((ObjectNode) args.get(1).deepCopy());
        return merged;
    }

    private static JsonNode mathRandom(Call call, List<JsonNode> args) {
        int start = integer(call, args.get(0), 1);
        int end = integer(call, args.get(1), 2);
        if (end <= start) {
            throw failure(call, "the end (" + end + ") must be greater than the start (" + start + ")");
        }
        // The end is exclusive; a seed makes the result repeatable.
        Random random = args.size() == 3 ? new Random(integer(call, args.get(2), 3)) : ThreadLocalRandom.current();
        return IntNode.valueOf(start + random.nextInt(end - start));
    }

    private static ArrayNode array(Call call, JsonNode value, int position) {
        if (!value.isArray()) {
            throw failure(call, "argument " + position + " must be an array but was " + describe(value));
        }
        return (ArrayNode) value;
    }

    private static String string(Call call, JsonNode value, int position) {
        if (!value.isTextual()) {
            throw failure(call, "argument " + position + " must be a string but was " + describe(value));
        }
        return value.asText();
    }

    private static int integer(Call call, JsonNode value, int position) {
        if (Json.isIntegral(value)) {
            try {
                return value.decimalValue().stripTrailingZeros().intValueExact();
            } catch (ArithmeticException outOfRange) {
                // reported below
            }
        }
        throw failure(call, "argument " + position + " must be an integer but was " + describe(value));
    }

    private static String limited(Call call, String value) {
        if (value.length() > MAX_STRING_LENGTH) {
            throw failure(call, "the string has " + value.length() + " characters; at most " + MAX_STRING_LENGTH
                    + " are allowed");
        }
        return value;
    }

    private static String describe(JsonNode value) {
        String type = value.getNodeType().name().toLowerCase(Locale.ROOT);
        String text = Json.compact(value);
        return type + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }

    private static StatesError failure(Call call, String problem) {
        return new StatesError(StatesError.INTRINSIC_FAILURE, "Invalid arguments in " + call.text() + ": " + problem);
    }
}
