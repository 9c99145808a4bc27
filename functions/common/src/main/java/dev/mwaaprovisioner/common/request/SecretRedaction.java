package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one point every problem of a request passes before it leaves the parser (and so before it
 * reaches a status file, an outcome event, a log line or {@code validate}'s output). It knows which
 * parts of the document are secret:
 * <ul>
 *   <li>everything under {@code AirflowConfigurationOptions}, whatever its shape (a mapping, a
 *       string, a list, a number...);</li>
 *   <li>the value of any key, anywhere, that looks like an Airflow option ({@code core.fernet_key}
 *       under {@code Tags}, under {@code Network} or at the top level), since that is an option
 *       written in the wrong place;</li>
 *   <li>the key itself when such a mapping key has no value ({@code {core.fernet_key=...}} is a
 *       one-key mapping in YAML's flow style), and the part after {@code =} or {@code :} of a key or
 *       text written as {@code name=value}.</li>
 * </ul>
 * A problem at a secret path has every shown value in its message replaced by
 * {@value #NOT_SHOWN}; then every secret text (at least {@value #MIN_SECRET_LENGTH} characters) is
 * replaced wherever it still appears, in any path or message, which covers YAML aliases that
 * copy a secret into another field. Messages of the YAML and JSON libraries never quote the
 * document ({@link LibraryMessages}), since a file that does not parse has no tree to judge.
 */
final class SecretRedaction {

    static final String NOT_SHOWN = "(value not shown)";
    static final String OPTIONS = "AirflowConfigurationOptions";
    /** Shorter texts are not searched for in messages: they would blank out words and numbers, and hide nothing. */
    static final int MIN_SECRET_LENGTH = 4;

    /** A key shaped like an Airflow option: {@code section.name}. */
    private static final Pattern OPTION_LIKE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    /** A value as {@link Shown#quoted} writes it, with the length suffix it adds when it cuts one short. */
    private static final Pattern SHOWN_TEXT = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"(?: \\(\\d+ characters\\))?");
    /** A value as {@link TypeNames#describe} writes a number or a boolean. */
    private static final Pattern SHOWN_SCALAR = Pattern.compile("the (integer|number|boolean) \\S+");

    private final List<String> secrets;

    private SecretRedaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of a document tree ({@code null} when the file did not parse: then only paths decide). */
    static SecretRedaction of(JsonNode root) {
        Set<String> found = new LinkedHashSet<>();
        if (root != null) {
            collect(root, false, found);
        }
        List<String> secrets = new ArrayList<>();
        for (String s : found) {
            if (s.length() >= MIN_SECRET_LENGTH) {
                secrets.add(s);
                String shown = Shown.quoted(s);
                String inner = shown.substring(1, shown.lastIndexOf('"'));
                if (inner.endsWith("...")) {
                    inner = inner.substring(0, inner.length() - 3);
                }
                if (!inner.equals(s) && inner.length() >= MIN_SECRET_LENGTH) {
                    secrets.add(inner); // escaped or cut short, as a message would show it
                }
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedaction(List.copyOf(secrets));
    }

    /** True when {@code text} is one of the document's secrets (e.g. a Name copied from an option by an alias). */
    boolean isSecret(String text) {
        return text != null && secrets.contains(text);
    }

    /** The problems with no secret left in them. */
    List<Problem> apply(List<Problem> problems) {
        List<Problem> redacted = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            String message = p.message();
            if (isSecretPath(p.path())) {
                message = SHOWN_SCALAR.matcher(SHOWN_TEXT.matcher(message).replaceAll(NOT_SHOWN)).replaceAll(NOT_SHOWN);
            }
            redacted.add(new Problem(scrub(p.path()), scrub(message)));
        }
        return redacted;
    }

    /** Whether a problem path lies in a secret part of the document. */
    static boolean isSecretPath(String path) {
        if (path.equals(OPTIONS) || path.startsWith(OPTIONS + ".") || path.startsWith(OPTIONS + "[")) {
            return true;
        }
        // A key shown in brackets: Tags["core.fernet_key"], Request["smtp.password"]
        for (String key : bracketedKeys(path)) {
            if (OPTION_LIKE.matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> bracketedKeys(String path) {
        List<String> keys = new ArrayList<>();
        var m = Pattern.compile("\\[\"((?:[^\"\\\\]|\\\\.)*)\"\\]").matcher(path);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private String scrub(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, NOT_SHOWN);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, boolean secret, Set<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                boolean secretValue = secret || key.equals(OPTIONS) || OPTION_LIKE.matcher(key).matches();
                if (secret && value.isNull()) {
                    // {core.fernet_key=value} in flow style is a key without value: the key holds the secret
                    addText(key, found);
                } else if (secretValue) {
                    addAfterSeparator(key, found);
                }
                collect(value, secretValue, found);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, secret, found);
            }
        } else if (secret && !node.isNull()) {
            addText(node.asText(), found);
        }
    }

    private static void addText(String text, Set<String> found) {
        found.add(text);
        found.add(text.strip());
        addAfterSeparator(text, found);
    }

    /** {@code core.fernet_key=value} or {@code core.fernet_key: value}: the value part. */
    private static void addAfterSeparator(String text, Set<String> found) {
        for (String separator : List.of("=", ":")) {
            int at = text.indexOf(separator);
            if (at >= 0 && at + 1 < text.length()) {
                String rest = text.substring(at + 1).strip();
                found.add(rest);
                for (String part : rest.split("[,;\\r\\n]+")) {
                    int eq = part.indexOf('=');
                    found.add((eq >= 0 ? part.substring(eq + 1) : part).strip());
                }
            }
        }
    }
}
