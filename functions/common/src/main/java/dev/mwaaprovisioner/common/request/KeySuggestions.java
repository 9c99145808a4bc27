package dev.mwaaprovisioner.common.request;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Finds the known word a user most likely meant: the same word in another case, else the closest
 * by edit distance (ignoring case), else the only known word that starts or ends with what was
 * typed ("Environment" for EnvironmentClass, "Level" for LogLevel).
 */
final class KeySuggestions {

    private KeySuggestions() {
    }

    static Optional<String> nearest(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            if (candidate.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(candidate);
            }
        }
        // Allow about one typo in four characters, at least two: "Schedulrs", "SubnetId", "Tag".
        int threshold = Math.max(2, typed.length() / 4);
        LevenshteinDistance distance = new LevenshteinDistance(threshold);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance.apply(lower, candidate.toLowerCase(Locale.ROOT));
            if (d >= 0 && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        if (typed.length() >= 4) {
            List<String> extensions = known.stream()
                    .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(lower) || k.toLowerCase(Locale.ROOT).endsWith(lower))
                    .toList();
            if (extensions.size() == 1) {
                return Optional.of(extensions.get(0));
            }
        }
        return Optional.empty();
    }
}
