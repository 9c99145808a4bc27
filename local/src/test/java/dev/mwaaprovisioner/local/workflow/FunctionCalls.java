package dev.mwaaprovisioner.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What IAM authorizes for each request a function made, as AWS documents it: the action and the
 * resource ARN of the call itself, plus what the call makes AWS check with the caller's
 * permissions on its behalf (CreateRole with tags needs iam:TagRole; CreateStack with a role
 * passes it to CloudFormation; MWAA's CreateEnvironment passes the execution role to MWAA and
 * dry-runs the network, service-linked role and key permissions; UpdateEnvironment with another
 * role passes that one). GetCallerIdentity needs none.
 */
final class FunctionCalls {

    private FunctionCalls() {
    }

    static List<IamPolicy.Access> accesses(RequestLog.Entry entry) {
        CloudRequest r = entry.request();
        String region = r.region();
        String account = r.accountId();
        String op = entry.operation();
        List<IamPolicy.Access> out = new ArrayList<>();
        switch (entry.service()) {
            case "sts" -> {
                if (!op.equals("GetCallerIdentity")) {
                    out.add(new IamPolicy.Access("sts:" + op, "*"));
                }
            }
            case "s3" -> {
                String path = URLDecoder.decode(r.rawPath(), StandardCharsets.UTF_8).substring(1);
                String arn = "arn:aws:s3:::" + path;
                // IAM's names: a versioned read is GetObjectVersion, listing versions is ListBucketVersions,
                // HEAD is authorised as GetObject, a listing as ListBucket on the bucket.
                String action = op.equals("GetObject") && r.hasQueryParam("versionId") ? "s3:GetObjectVersion"
                        : op.equals("ListObjectVersions") ? "s3:ListBucketVersions"
                        : op.equals("HeadObject") ? "s3:GetObject"
                        : op.startsWith("ListObjects") ? "s3:ListBucket"
                        : "s3:" + op;
                if (action.equals("s3:ListBucket")) {
                    arn = "arn:aws:s3:::" + path.replaceFirst("/.*$", "");
                }
                out.add(new IamPolicy.Access(action, arn));
                if ((op.equals("GetObject") || op.equals("HeadObject")) && entry.status() == 404) {
                    // S3 tells "no such key" only to a caller allowed to list the bucket; others get 403.
                    out.add(new IamPolicy.Access("s3:ListBucket", "arn:aws:s3:::" + path.replaceFirst("/.*$", "")));
                }
            }
            case "iam" -> {
                String role = "arn:aws:iam::" + account + ":role/" + r.formParam("RoleName");
                out.add(new IamPolicy.Access("iam:" + op, role));
                if (op.equals("CreateRole") && r.formParam("Tags.member.1.Key") != null) {
                    out.add(new IamPolicy.Access("iam:TagRole", role));
                }
            }
            case "kms" -> {
                String key = json(r).path("KeyId").asText();
                String arn = key.startsWith("arn:") ? key : "arn:aws:kms:" + region + ":" + account + ":key/" + key;
                out.add(new IamPolicy.Access("kms:" + op, arn));
            }
            case "cloudformation" -> {
                String stack = r.formParam("StackName");
                String arn = stack.startsWith("arn:") ? stack
                        : "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + stack + "/id";
                String role = r.formParam("RoleARN");
                out.add(new IamPolicy.Access("cloudformation:" + op, arn,
                        role == null ? Map.of() : Map.of("cloudformation:RoleArn", role)));
                if (op.equals("CreateStack") && role != null) {
                    out.add(new IamPolicy.Access("iam:PassRole", role,
                            Map.of("iam:PassedToService", "cloudformation.amazonaws.com")));
                }
            }
            case "ec2" -> out.add(new IamPolicy.Access("ec2:" + op, "*"));
            case "airflow" -> {
                if (op.equals("ListEnvironments")) {
                    out.add(new IamPolicy.Access("airflow:ListEnvironments", "*"));
                    break;
                }
                // TagResource and UntagResource name the environment by its (URL-encoded) ARN.
                String arn = r.rawPath().startsWith("/tags/")
                        ? URLDecoder.decode(r.rawPath().substring("/tags/".length()), StandardCharsets.UTF_8)
                        : "arn:aws:airflow:" + region + ":" + account + ":environment/"
                                + r.rawPath().substring(r.rawPath().lastIndexOf('/') + 1);
                out.add(new IamPolicy.Access("airflow:" + op, arn));
                if (op.equals("CreateEnvironment")) {
                    out.addAll(createEnvironmentChecks(json(r), region, account));
                }
                String newRole = json(r).path("ExecutionRoleArn").asText(null);
                if (op.equals("UpdateEnvironment") && newRole != null) {
                    // Another execution role is passed to MWAA as at creation.
                    out.add(new IamPolicy.Access("iam:PassRole", newRole,
                            Map.of("iam:PassedToService", "airflow.amazonaws.com")));
                }
            }
            case "events" -> {
                for (JsonNode e : json(r).path("Entries")) {
                    String bus = e.path("EventBusName").asText("default");
                    String arn = bus.startsWith("arn:") ? bus : "arn:aws:events:" + region + ":" + account + ":event-bus/" + bus;
                    out.add(new IamPolicy.Access("events:" + op, arn));
                }
            }
            case "states" -> out.add(new IamPolicy.Access("states:" + op, json(r).path("stateMachineArn")
                    .asText(json(r).path("executionArn").asText())));
            default -> throw new AssertionError("No IAM mapping for " + entry.service() + ":" + op + " in this test");
        }
        return out;
    }

    /** What MWAA checks with the caller's permissions before it creates an environment. */
    private static List<IamPolicy.Access> createEnvironmentChecks(JsonNode body, String region, String account) {
        List<IamPolicy.Access> out = new ArrayList<>();
        out.add(new IamPolicy.Access("iam:PassRole", body.path("ExecutionRoleArn").asText(),
                Map.of("iam:PassedToService", "airflow.amazonaws.com")));
        if (body.path("Tags").size() > 0) {
            out.add(new IamPolicy.Access("airflow:TagResource",
                    "arn:aws:airflow:" + region + ":" + account + ":environment/" + body.path("Name").asText()));
        }
        out.add(new IamPolicy.Access("iam:CreateServiceLinkedRole", "arn:aws:iam::" + account
                + ":role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA",
                Map.of("iam:AWSServiceName", "airflow.amazonaws.com")));
        for (String describe : List.of("DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups",
                "DescribeRouteTables", "DescribeVpcEndpoints")) {
            out.add(new IamPolicy.Access("ec2:" + describe, "*"));
        }
        String ec2 = "arn:aws:ec2:" + region + ":" + account + ":";
        out.add(new IamPolicy.Access("ec2:CreateNetworkInterface", ec2 + "network-interface/*"));
        if (!"CUSTOMER".equals(body.path("EndpointManagement").asText("SERVICE"))) {
            out.add(new IamPolicy.Access("ec2:CreateVpcEndpoint", ec2 + "vpc-endpoint/*"));
        }
        String key = body.path("KmsKey").asText(null);
        if (key != null) {
            String arn = key.startsWith("arn:") ? key : "arn:aws:kms:" + region + ":" + account + ":key/" + key;
            Map<String, String> via = Map.of("kms:ViaService", "airflow." + region + ".amazonaws.com");
            for (String action : List.of("kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt")) {
                out.add(new IamPolicy.Access(action, arn, via));
            }
        }
        return out;
    }

    private static JsonNode json(CloudRequest r) {
        try {
            return r.body().length == 0 ? WorkflowJson.MAPPER.createObjectNode() : WorkflowJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
