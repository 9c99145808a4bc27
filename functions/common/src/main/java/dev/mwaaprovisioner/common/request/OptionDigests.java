package dev.mwaaprovisioner.common.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Airflow configuration option values as the state document carries them: a digest per option,
 * never the value. {@code sha256:} and the SHA-256 of the environment Name, the option name and
 * the value (NUL-separated), so the same value under another name or environment has another
 * digest. A digest proves equality without showing the value; a value that can be guessed (a
 * short password) can be guessed from its digest too, which is one more reason to keep secrets
 * in a secrets backend rather than in options (docs/security.md, "Secrets").
 */
public final class OptionDigests {

    public static final String PREFIX = "sha256:";

    private OptionDigests() {
    }

    /** The digest of one option of one environment. */
    public static String of(String environmentName, String option, String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(environmentName).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(option.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Every value replaced by its digest; null stays null. Keys keep their order. */
    public static Map<String, String> of(String environmentName, Map<String, String> options) {
        if (options == null) {
            return null;
        }
        Map<String, String> digests = new LinkedHashMap<>();
        options.forEach((k, v) -> digests.put(k, of(environmentName, k, v)));
        return digests;
    }

    /** True when every value is a digest (or there are none): what a state document holds. */
    public static boolean areDigests(Map<String, String> options) {
        return options == null || options.values().stream().allMatch(v -> v != null && v.startsWith(PREFIX)
                && v.length() == PREFIX.length() + 64);
    }
}
