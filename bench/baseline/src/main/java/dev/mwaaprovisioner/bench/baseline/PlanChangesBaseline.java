package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.environment.PlanChangesHandler;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;

/** PlanChangesFunction with default-built MWAA, CloudFormation, IAM and KMS clients. */
public final class PlanChangesBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (MwaaClient mwaa = Mwaa.defaultClient();
             CloudFormationClient cloudFormation = CloudFormationClient.create();
             IamClient iam = IamClient.builder().build();
             KmsClient kms = KmsClient.create()) {
            new PlanChangesHandler(mwaa, cloudFormation, iam, kms).handleRequest(input, output, context);
        }
    }
}
