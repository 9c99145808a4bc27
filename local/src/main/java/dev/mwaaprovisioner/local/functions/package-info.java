/**
 * Runs the project's Java Lambda handlers in this JVM, as Lambda's Java runtime runs them.
 *
 * <p><b>How a handler gets its environment.</b> Lambda starts one JVM per function, with the
 * function's variables as the process environment. Here every function shares one JVM, so the
 * process environment cannot be theirs: each handler class offers, beside Lambda's no-argument
 * constructor (which reads {@code System.getenv()}), a public constructor taking the environment
 * as a {@code Map<String, String>}. {@link JavaHandler} always calls that one, with the map
 * {@link FunctionEnvironment} builds: Region, credentials and {@code AWS_ENDPOINT_URL} of the
 * cloud the handler talks to, the variables Lambda sets ({@code AWS_LAMBDA_FUNCTION_NAME}...),
 * and the function's {@code Environment.Variables} from template.yaml. The handlers pass the map
 * to the common {@code AwsClientFactory}, so an in-process handler never reads, and never
 * changes, the real process environment. A handler class without that constructor is refused.
 */
package dev.mwaaprovisioner.local.functions;
