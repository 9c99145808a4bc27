package dev.mwaaprovisioner.common.request;

/**
 * Bounds on a request file, so that hostile input is refused quickly and in little memory. A real
 * request is a few hundred bytes, four levels deep, with a few dozen values: these leave room.
 */
final class DocumentLimits {

    /** 256 KiB. */
    static final int MAX_BYTES = 256 * 1024;
    /** Nesting of mappings and lists; a request uses four (LoggingConfiguration.TaskLogs.Enabled). */
    static final int MAX_DEPTH = 16;
    /** YAML aliases that repeat a mapping or list: the building block of "billion laughs". */
    static final int MAX_COLLECTION_ALIASES = 10;
    /** Keys, items and scalars in the whole document, after aliases are expanded. */
    static final int MAX_VALUES = 5_000;

    private DocumentLimits() {
    }

    /** Raised while building the tree when a limit is passed; the message is for the user. */
    static final class Exceeded extends Exception {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    /** Counts values and checks depth while a tree is built. */
    static final class Budget {
        private int values;

        void enter(int depth) throws Exceeded {
            if (depth > MAX_DEPTH) {
                throw new Exceeded("the document nests deeper than " + MAX_DEPTH
                        + " levels; a request is at most 4 levels deep — is this the right file?");
            }
            if (++values > MAX_VALUES) {
                throw new Exceeded("the document holds more than " + MAX_VALUES
                        + " values (after expanding YAML aliases); a request has a few dozen — write it out plainly");
            }
        }
    }
}
