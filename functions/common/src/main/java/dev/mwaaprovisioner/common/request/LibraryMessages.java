package dev.mwaaprovisioner.common.request;

import java.util.regex.Pattern;

/**
 * Tidies messages of the YAML and JSON libraries for the one-line problem format. A library quotes
 * the text it stumbled on ({@code Unrecognized token 'abc'}, {@code found character '%'}); a file
 * that does not parse has no tree that says which part is a secret, so whatever a library quotes
 * from the document is left out ({@link SecretRedaction}).
 */
final class LibraryMessages {

    /** A quoted piece of the document in a library message, with Jackson's character code after it. */
    private static final Pattern QUOTED = Pattern.compile("'.' \\(code \\d+\\)|'[^'\\r\\n]*'(?: \\(code \\d+\\))?");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("'null'", "'true'", "'false'");

    private LibraryMessages() {
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String flat = QUOTED.matcher(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip())
                .replaceAll(m -> KEYWORDS.contains(m.group()) ? m.group() : "(text not shown)");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
