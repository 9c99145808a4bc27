package dev.mwaaprovisioner.local.asl;

import java.util.regex.Pattern;

/**
 * The patterns of {@code StringMatches}: {@code *} matches any run of characters, {@code \*} is a
 * literal star and {@code \\} a literal backslash; any other backslash is an error.
 */
final class Wildcards {

    private Wildcards() {
    }

    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= pattern.length() || (pattern.charAt(i + 1) != '*' && pattern.charAt(i + 1) != '\\')) {
                    throw new IllegalArgumentException("The StringMatches pattern '" + pattern
                            + "' has an open escape '\\' at position " + i + " (escape only * and \\)");
                }
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                regex.append(Pattern.quote(literal.toString())).append(".*");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
