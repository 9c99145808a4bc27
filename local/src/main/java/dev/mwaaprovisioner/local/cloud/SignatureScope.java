package dev.mwaaprovisioner.local.cloud;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SigV4 credential scope of a request — {@code AKID/date/region/service/aws4_request} —
 * from the Authorization header or a presigned URL's {@code X-Amz-Credential}. Signatures are
 * not verified: the local cloud accepts any credentials, but honours the region and routes by
 * the signing name.
 */
record SignatureScope(String region, String signingName) {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^,\\s]+)");

    static final SignatureScope NONE = new SignatureScope(null, null);

    static SignatureScope of(String authorization, String presignedCredential, String regionSet) {
        String credential = null;
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            if (m.find()) {
                credential = m.group(1);
            }
        }
        if (credential == null) {
            credential = presignedCredential;
        }
        if (credential == null) {
            return NONE;
        }
        String[] parts = credential.split("/");
        if (parts.length >= 5) {
            return new SignatureScope(blankToNull(parts[2]), blankToNull(parts[3]));
        }
        if (parts.length == 4) {
            // SigV4a: AKID/date/service/aws4_request, the regions in X-Amz-Region-Set.
            String region = regionSet == null ? null : regionSet.split(",")[0].trim();
            return new SignatureScope(blankToNull(region), blankToNull(parts[2]));
        }
        return NONE;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals("*") ? null : s;
    }
}
