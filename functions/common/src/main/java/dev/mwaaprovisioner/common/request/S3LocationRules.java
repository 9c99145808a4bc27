package dev.mwaaprovisioner.common.request;

import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source bucket and the paths inside it: {@code SourceBucketArn}, {@code DagS3Path}, and the
 * optional requirements, plugins and startup-script paths with their object versions.
 */
final class S3LocationRules implements RequestRule {

    static final Pattern BUCKET_ARN = Pattern.compile("arn:(" + AwsPatterns.PARTITION + "):s3:::([^/]*)(/.*)?");
    private static final Pattern S3_URL = Pattern.compile("s3://([^/]*)/?(.*)", Pattern.CASE_INSENSITIVE);
    static final int MAX_PATH_LENGTH = 1024;
    static final int MAX_VERSION_LENGTH = 1024;

    @Override
    public void check(Candidate request, Problems problems) {
        ProvisioningRequest r = request.given();
        checkBucketArn(r.sourceBucketArn(), problems);
        checkRelativePath("DagS3Path", r.dagS3Path(), "dags", problems);
        checkFile("RequirementsS3Path", r.requirementsS3Path(), "requirements.txt",
                "RequirementsS3ObjectVersion", r.requirementsS3ObjectVersion(), problems);
        checkFile("PluginsS3Path", r.pluginsS3Path(), "plugins.zip",
                "PluginsS3ObjectVersion", r.pluginsS3ObjectVersion(), problems);
        checkFile("StartupScriptS3Path", r.startupScriptS3Path(), "startup.sh",
                "StartupScriptS3ObjectVersion", r.startupScriptS3ObjectVersion(), problems);
    }

    private static void checkBucketArn(String arn, Problems problems) {
        if (arn == null) {
            return;
        }
        String path = "SourceBucketArn";
        Matcher url = S3_URL.matcher(arn);
        if (url.matches()) {
            problems.add(path, Shown.quoted(arn) + " is an S3 URL; give the bucket ARN, "
                    + Shown.quoted("arn:aws:s3:::" + url.group(1))
                    + (url.group(2).isEmpty() ? "" : ", and put " + Shown.quoted(url.group(2)) + " in DagS3Path"));
            return;
        }
        Matcher m = BUCKET_ARN.matcher(arn);
        if (!m.matches()) {
            problems.add(path, Shown.quoted(arn) + " is not an S3 bucket ARN; write arn:aws:s3:::BUCKET-NAME"
                    + " (partition aws, aws-cn or aws-us-gov), e.g. arn:aws:s3:::airflow-analytics-dev");
            return;
        }
        String bucket = m.group(2);
        String rest = m.group(3);
        if ("/".equals(rest)) {
            problems.add(path, Shown.quoted(arn) + " ends with /; write the bucket ARN without it: "
                    + Shown.quoted("arn:" + m.group(1) + ":s3:::" + bucket));
        } else if (rest != null) {
            problems.add(path, Shown.quoted(arn) + " names a folder; give only the bucket, "
                    + Shown.quoted("arn:" + m.group(1) + ":s3:::" + bucket) + ", and put the folder in DagS3Path");
        } else {
            try {
                AwsIdentifiers.requireBucketName(bucket);
            } catch (IllegalArgumentException e) {
                problems.add(path, Shown.quoted(bucket) + " is not a valid bucket name; a bucket name has 3 to 63"
                        + " lowercase letters, digits, dots and hyphens, and starts and ends with a letter or digit");
            }
        }
    }

    private static void checkFile(String pathKey, String path, String example,
                                  String versionKey, String version, Problems problems) {
        checkRelativePath(pathKey, path, example, problems);
        if (version == null) {
            return;
        }
        if (path == null) {
            problems.add(versionKey, "is given without " + pathKey + "; give " + pathKey + " too, or remove "
                    + versionKey);
        } else if (version.isEmpty() || version.length() > MAX_VERSION_LENGTH) {
            problems.add(versionKey, "must have 1 to " + MAX_VERSION_LENGTH + " characters: the S3 version ID of "
                    + Shown.quoted(path) + " (aws s3api list-object-versions shows it)");
        }
    }

    /** A key inside the source bucket: relative, not an S3 URL, not starting with /. */
    static void checkRelativePath(String key, String path, String example, Problems problems) {
        if (path == null) {
            return;
        }
        Matcher url = S3_URL.matcher(path);
        if (path.isEmpty()) {
            problems.add(key, "is empty; give a path inside the source bucket, e.g. " + example);
        } else if (url.matches()) {
            problems.add(key, Shown.quoted(path) + " is an S3 URL; give the path inside the source bucket, e.g. "
                    + (url.group(2).isEmpty() ? example : Shown.quoted(url.group(2))));
        } else if (path.startsWith("/")) {
            String relative = path.replaceFirst("^/+", "");
            problems.add(key, Shown.quoted(path) + " starts with /; give it relative to the bucket, e.g. "
                    + (relative.isEmpty() ? example : Shown.quoted(relative)));
        } else if (path.length() > MAX_PATH_LENGTH) {
            problems.add(key, "has " + path.length() + " characters; MWAA allows at most " + MAX_PATH_LENGTH);
        }
    }
}
