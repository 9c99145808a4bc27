package dev.mwaaprovisioner.local.cloud.s3;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.protocol.XmlReader;
import dev.mwaaprovisioner.local.cloud.protocol.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * One rule of a bucket's lifecycle configuration, as far as the local S3 keeps it: a key prefix,
 * whether it is on, and the expiry actions (current versions, noncurrent versions, incomplete
 * multipart uploads). The local S3 stores and answers the configuration; it never expires
 * objects (on S3 expiry is asynchronous anyway, usually within a day or two of the due date).
 *
 * @param expirationDays       days after creation when the current version expires, or null
 * @param noncurrentDays       days after a version became noncurrent when it is deleted, or null
 * @param abortIncompleteDays  days after initiation when an incomplete multipart upload is aborted, or null
 */
public record LifecycleRule(String id, String prefix, String status, Integer expirationDays, Integer noncurrentDays,
                            Integer abortIncompleteDays) {

    /** The most rules S3 accepts in one configuration. */
    public static final int MAX_RULES = 1000;
    private static final Set<String> RULE_ELEMENTS = Set.of("ID", "Filter", "Prefix", "Status", "Expiration",
            "NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload");

    public LifecycleRule {
        if (!"Enabled".equals(status) && !"Disabled".equals(status)) {
            throw malformed("Rule " + id + ": Status must be Enabled or Disabled, not " + status);
        }
        if (expirationDays == null && noncurrentDays == null && abortIncompleteDays == null) {
            throw malformed("Rule " + id + ": at least one action needs to be specified in a rule");
        }
        for (Integer days : new Integer[] {expirationDays, noncurrentDays, abortIncompleteDays}) {
            if (days != null && days < 1) {
                throw new CloudException("InvalidArgument", 400, "Rule " + id + ": days must be a positive integer, not " + days);
            }
        }
    }

    /** The rules of a PutBucketLifecycleConfiguration body. */
    public static List<LifecycleRule> fromXml(Element configuration) {
        List<LifecycleRule> rules = new ArrayList<>();
        for (Element rule : XmlReader.children(configuration, "Rule")) {
            for (Element child : XmlReader.children(rule, null)) {
                if (!RULE_ELEMENTS.contains(XmlReader.name(child))) {
                    throw new CloudException("NotImplemented", 501, "Lifecycle rule element " + XmlReader.name(child)
                            + " is not supported by the local cloud: only prefix filters and expiry actions are.");
                }
            }
            Element filter = XmlReader.children(rule, "Filter").stream().findFirst().orElse(null);
            String prefix = XmlReader.childText(rule, "Prefix");
            if (filter != null) {
                for (Element child : XmlReader.children(filter, null)) {
                    if (!XmlReader.name(child).equals("Prefix")) {
                        throw new CloudException("NotImplemented", 501, "Lifecycle filter " + XmlReader.name(child)
                                + " is not supported by the local cloud: only Prefix is.");
                    }
                }
                prefix = XmlReader.childText(filter, "Prefix");
            }
            rules.add(new LifecycleRule(XmlReader.childText(rule, "ID"), prefix == null ? "" : prefix,
                    XmlReader.childText(rule, "Status"),
                    days(rule, "Expiration", "Days"), days(rule, "NoncurrentVersionExpiration", "NoncurrentDays"),
                    days(rule, "AbortIncompleteMultipartUpload", "DaysAfterInitiation")));
        }
        return checked(rules);
    }

    /** A configuration's rules, refused as S3 refuses them: none, or too many. */
    public static List<LifecycleRule> checked(List<LifecycleRule> rules) {
        if (rules.isEmpty()) {
            throw malformed("a lifecycle configuration needs at least one Rule");
        }
        if (rules.size() > MAX_RULES) {
            throw malformed("a lifecycle configuration holds at most " + MAX_RULES + " rules, not " + rules.size());
        }
        return List.copyOf(rules);
    }

    /** Writes the rule as GetBucketLifecycleConfiguration answers it. */
    public void write(XmlWriter x) {
        x.element("Rule", r -> {
            if (id != null) {
                r.element("ID", id);
            }
            r.element("Filter", f -> f.element("Prefix", prefix));
            r.element("Status", status);
            if (expirationDays != null) {
                r.element("Expiration", e -> e.element("Days", expirationDays));
            }
            if (noncurrentDays != null) {
                r.element("NoncurrentVersionExpiration", e -> e.element("NoncurrentDays", noncurrentDays));
            }
            if (abortIncompleteDays != null) {
                r.element("AbortIncompleteMultipartUpload", e -> e.element("DaysAfterInitiation", abortIncompleteDays));
            }
        });
    }

    private static Integer days(Element rule, String action, String field) {
        Element element = XmlReader.children(rule, action).stream().findFirst().orElse(null);
        if (element == null) {
            return null;
        }
        String text = XmlReader.childText(element, field);
        try {
            return Integer.valueOf(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new CloudException("NotImplemented", 501, "Lifecycle " + action + " without " + field
                    + " (a date, or ExpiredObjectDeleteMarker) is not supported by the local cloud.");
        }
    }

    private static CloudException malformed(String message) {
        return new CloudException("MalformedXML", 400, "The XML you provided was not well-formed or did not validate "
                + "against our published schema: " + message);
    }
}
