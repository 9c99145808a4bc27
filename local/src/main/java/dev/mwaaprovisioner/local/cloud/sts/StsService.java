package dev.mwaaprovisioner.local.cloud.sts;

import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.QueryProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;

/**
 * AWS STS (query protocol): {@code GetCallerIdentity} answers with the local account's root
 * identity, whatever credentials signed the request. Nothing else is emulated.
 */
public final class StsService implements CloudService {

    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final ServiceContext context;
    private final QueryProtocol protocol = new QueryProtocol(NAMESPACE);

    public StsService(ServiceContext context) {
        this.context = context;
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public String displayName() {
        return "STS";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        if (!request.operation().equals("GetCallerIdentity")) {
            throw protocol.unsupportedOperation(displayName(), request.operation());
        }
        String account = context.accountId();
        return protocol.respond(request, result -> result
                .element("Arn", Arns.of(request.region(), "iam", null, account, "root"))
                .element("UserId", account)
                .element("Account", account));
    }
}
