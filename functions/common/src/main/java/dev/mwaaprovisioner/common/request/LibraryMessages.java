package dev.mwaaprovisioner.common.request;

/** Tidies messages of the YAML and JSON libraries for the one-line problem format. */
final class LibraryMessages {

    private LibraryMessages() {
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String flat = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
