package dev.mwaaprovisioner.common.workflow;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request names an environment that another request owns ({@link EnvironmentClaim}): it is
 * refused before anything is created, and the owner's resources are untouched. The message names
 * both sources, the fix, and where the refusal is recorded, so the report step can file it
 * without overwriting the owner's status document.
 */
public final class NameOwnedByAnotherRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final Pattern HEADER = Pattern.compile(
            "Environment name (?<name>[A-Za-z][0-9A-Za-z_-]*) is owned by .*"
                    + "recorded in (?<status>status/[0-9A-Za-z_.-]+\\.json)\\.", Pattern.DOTALL);

    private final String environmentName;
    private final String statusKey;

    public NameOwnedByAnotherRequestException(EnvironmentClaim claim, RequestSource refused) {
        this(claim.name(), ClaimStore.conflictStatusKey(claim.name(), EnvironmentClaim.Owner.of(refused)),
                message(claim, refused));
    }

    private NameOwnedByAnotherRequestException(String environmentName, String statusKey, String message) {
        super(message);
        this.environmentName = environmentName;
        this.statusKey = statusKey;
    }

    public String environmentName() {
        return environmentName;
    }

    /** Where the refused request's status goes: {@code status/<Name>.conflict-<owner hash>.json}. */
    public String statusKey() {
        return statusKey;
    }

    /** Reads a message written by this class back (the report step gets only the text); empty otherwise. */
    public static Optional<NameOwnedByAnotherRequestException> parse(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = HEADER.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new NameOwnedByAnotherRequestException(m.group("name"), m.group("status"), message));
    }

    private static String message(EnvironmentClaim claim, RequestSource refused) {
        EnvironmentClaim.Owner owner = claim.owner();
        String removeOwner = owner.uri() != null
                ? "delete " + owner.uri() + ", which removes its environment,"
                : "send a \"Deprovision Environment\" event for " + claim.name() + ", which removes its environment,";
        return "Environment name " + claim.name() + " is owned by " + owner.describe()
                + " (claimed " + claim.claimedAt() + "), not by " + refused.describe()
                + ": this request was refused and nothing was created or changed. Fix: give this request another Name,"
                + " or " + removeOwner + " and then send this request again. This refusal is recorded in "
                + ClaimStore.conflictStatusKey(claim.name(), EnvironmentClaim.Owner.of(refused)) + ".";
    }
}
