package dev.mwaaprovisioner.common.request;

/**
 * Shows user-supplied text inside a problem message: quoted, with control and non-ASCII
 * characters escaped, and cut short when long, so a message stays one readable line.
 */
final class Shown {

    static final int MAX_SHOWN = 80;

    private Shown() {
    }

    /** {@code "text"} with escapes, abbreviated past {@value #MAX_SHOWN} characters. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 8).append('"');
        int shown = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (shown++ == MAX_SHOWN) {
                out.append("...\" (").append(text.codePointCount(0, text.length()))
                        .append(" characters)");
                return out.toString();
            }
            int c = text.codePointAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && !Character.isLetterOrDigit(c))) {
                        out.append(c <= 0xffff ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
