package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a request file into a tree of keys and values, refusing what is not a
 * request before any parser sees it: too large, not UTF-8 text, control characters. The format is
 * told by content, not by file name: a file whose first non-blank character is <code>{</code> or
 * <code>[</code> is JSON, anything else YAML.
 */
final class DocumentReader {

    /** How the file was read. */
    enum Format { YAML, JSON }

    private DocumentReader() {
    }

    /** The top-level mapping, or null when {@code problems} says why there is none. */
    static ObjectNode read(byte[] content, Problems problems) {
        return read(content, problems, new JsonNode[1]);
    }

    /** As {@link #read(byte[], Problems)}; {@code tree[0]} is set to whatever tree was read, mapping or not. */
    static ObjectNode read(byte[] content, Problems problems, JsonNode[] tree) {
        if (content.length > DocumentLimits.MAX_BYTES) {
            problems.add(Problem.DOCUMENT, "the file has " + content.length + " bytes or more; a request file is at most "
                    + DocumentLimits.MAX_BYTES + " bytes (256 KiB) — is this the right file?");
            return null;
        }
        String text = utf8(content, problems);
        if (text == null || !plainText(text, problems)) {
            return null;
        }
        if (text.isBlank()) {
            problems.add(Problem.DOCUMENT, emptyMessage());
            return null;
        }
        Format format = formatOf(text);
        JsonNode root = format == Format.JSON ? JsonTree.read(text, problems) : YamlTree.read(text, problems);
        tree[0] = root;
        if (root == null) {
            return null;
        }
        if (root.isNull()) {
            problems.add(Problem.DOCUMENT, emptyMessage());
            return null;
        }
        if (!root.isObject()) {
            // Only the kind: a document that is one text may be options written out ("core.fernet_key=...").
            problems.add(Problem.DOCUMENT, "the " + format + " document is " + TypeNames.kind(root)
                    + "; a request is a mapping of keys such as Name, SourceBucketArn, DagS3Path and Network"
                    + " (see examples/minimal.yaml)");
            return null;
        }
        return (ObjectNode) root;
    }

    static Format formatOf(String text) {
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[") ? Format.JSON : Format.YAML;
    }

    private static String emptyMessage() {
        return "the file has no content; a request needs at least Name, SourceBucketArn, DagS3Path and Network"
                + " (see examples/minimal.yaml)";
    }

    /** Strict UTF-8, without the optional byte-order mark. */
    private static String utf8(byte[] content, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(content);
        try {
            String text = decoder.decode(bytes).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int offset = bytes.position();
            problems.add(Problem.DOCUMENT, String.format("is not UTF-8 text (byte 0x%02x at offset %d)"
                    + "; save the request as UTF-8 YAML or JSON", content[offset] & 0xff, offset));
            return null;
        }
    }

    /** Refuses control characters other than tab and line breaks: binary data is not a request. */
    private static boolean plainText(String text, Problems problems) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            boolean control = (c < 0x20 && c != '\t' && c != '\r') || (c >= 0x7f && c <= 0x9f)
                    || c == '\uFFFE' || c == '\uFFFF' || c == '\uFEFF';
            if (control) {
                problems.add(Problem.DOCUMENT, String.format("contains the control character U+%04X at line %d,"
                        + " column %d; a request file is plain text — is this the right file?", (int) c, line, column));
                return false;
            }
            column++;
        }
        return true;
    }
}
