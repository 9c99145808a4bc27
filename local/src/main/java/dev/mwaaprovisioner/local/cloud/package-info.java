/**
 * The local cloud: AWS APIs served on one loopback port in their real wire protocols, so the
 * unmodified AWS SDKs and AWS CLI talk to it as to AWS.
 *
 * <h2>Starting it</h2>
 * {@code LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000))}
 * binds 127.0.0.1 on a free port ({@link dev.mwaaprovisioner.local.cloud.LocalCloud#endpoint()});
 * {@code close()} stops it. The CLI's {@code serve} command does the same on port 4566.
 *
 * <h2>Routing</h2>
 * Any SigV4-signed request is accepted (credentials are not checked). The service is picked by
 * the signing name of the credential scope (Authorization header, or {@code X-Amz-Credential} of
 * a presigned URL), else by the {@code X-Amz-Target} prefix, else by a path prefix — never by
 * the Host header, so MWAA's {@code api.} host prefix is harmless. The region comes from the
 * credential scope (default us-east-1). Paths under {@code /_local/} of unsigned requests are the
 * local control API ({@code health}, {@code faults}, {@code events}, {@code inventory}).
 * A request for a service or operation not emulated gets the protocol's error with the message
 * "&lt;Service&gt; operation &lt;Op&gt; is not supported by the local cloud" — never a silent success.
 *
 * <h2>Plugging a service in</h2>
 * <ol>
 *   <li>Implement {@link dev.mwaaprovisioner.local.cloud.CloudService} in a package of its own
 *       ({@code ...cloud.<svc>}), with a constructor taking a
 *       {@link dev.mwaaprovisioner.local.cloud.ServiceContext}: {@code signingName()},
 *       {@code displayName()}, {@code protocol()} (one of
 *       {@link dev.mwaaprovisioner.local.cloud.protocol}), and {@code handle(CloudRequest)}
 *       returning a {@link dev.mwaaprovisioner.local.cloud.CloudResponse} built with the
 *       protocol's {@code respond(...)} helpers. Throw
 *       {@link dev.mwaaprovisioner.local.cloud.CloudException} (code, HTTP status, message) for
 *       AWS errors; the router renders it in the protocol's error shape.
 *   <li>Keep state in a thread-safe store class separate from the protocol handler and export
 *       it from {@code components()}, so other services (and tests) reach it in-process with
 *       {@code context.service(IamStore.class)}. Look other services up while handling
 *       requests, not in constructors.
 *   <li>Add {@code YourService::new} on a line of its own to
 *       {@link dev.mwaaprovisioner.local.cloud.CloudServices#all()}.
 * </ol>
 * Operation faults are applied by the router before {@code handle} runs; resource faults are
 * consulted by the service with {@code context.faults().takeResourceFault(kind, name)}.
 * Durations are simulated on {@code context.clock()} ({@code sleep}, {@code schedule}).
 * AWS service events go to {@code context.eventBus().putEvent(CloudEvent)}; the EventBridge
 * service subscribes to that bus.
 */
package dev.mwaaprovisioner.local.cloud;
