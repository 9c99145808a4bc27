package dev.mwaaprovisioner.local.cloud.mwaa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies for the MWAA tests, built with Jackson. */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {}

    /** A valid CreateEnvironment body for the resources of {@link InMemoryResources#complete()}. */
    static ObjectNode create() {
        ObjectNode body = JSON.createObjectNode();
        body.put("ExecutionRoleArn", InMemoryResources.roleArn("mwaa-exec"));
        body.put("SourceBucketArn", "arn:aws:s3:::dags-bucket");
        body.put("DagS3Path", "dags");
        ObjectNode network = body.putObject("NetworkConfiguration");
        network.putArray("SubnetIds").add("subnet-a").add("subnet-b");
        network.putArray("SecurityGroupIds").add("sg-1");
        return body;
    }
}
