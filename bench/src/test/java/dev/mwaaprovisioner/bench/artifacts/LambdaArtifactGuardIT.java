package dev.mwaaprovisioner.bench.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.bench.LambdaFunction;
import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.bench.Table;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The cheap guard on what can regress silently, run by {@code verify} once the functions are
 * packaged: each function's deployment artifact stays within 8 MiB and free of Netty, the CRT and
 * a second HTTP client; and each handler, loaded from its shrunk artifact alone, completes its
 * SnapStart priming -- which runs its whole call path offline, so a class the shrinking removed
 * but the handler needs shows up here, not in Lambda.
 */
class LambdaArtifactGuardIT {

    private static final Repository REPOSITORY = Repository.find();
    private static final List<LambdaFunction> FUNCTIONS = LambdaFunction.all(REPOSITORY);

    /** A deployed function's variables; the endpoint is never called (priming sends nothing). */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
            "AWS_ACCESS_KEY_ID", "guard",
            "AWS_SECRET_ACCESS_KEY", "guard",
            "CONFIG_BUCKET", "mwaa-provisioner-configbucket-guard",
            "REQUEST_PREFIX", "requests/",
            "EVENT_BUS_NAME", "default",
            "STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:guard");

    @TestFactory
    Stream<DynamicTest> everyArtifactIsSmallAndHasOneHttpClient() {
        assertThat(FUNCTIONS).isNotEmpty();
        return LambdaFunction.modules(FUNCTIONS).stream().map(module -> DynamicTest.dynamicTest(module, () -> {
            LambdaFunction function = FUNCTIONS.stream().filter(f -> f.module().equals(module)).findFirst().orElseThrow();
            LambdaArtifact artifact = new LambdaArtifact(module, function.artifact(REPOSITORY),
                    function.dependencyList(REPOSITORY));
            assertThat(artifact.forbidden()).as("forbidden dependencies of " + module).isEmpty();
            long zipped = artifact.zippedBytes();
            assertThat(zipped).as(module + " artifact is " + Table.mib(zipped) + "; the limit is "
                    + Table.mib(LambdaArtifact.maxZipBytes(module)) + " (see functions/lambda-artifact.pro)")
                    .isLessThanOrEqualTo(LambdaArtifact.maxZipBytes(module));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyHandlerPrimesFromItsArtifactAlone() {
        return FUNCTIONS.stream().map(function -> DynamicTest.dynamicTest(function.logicalId(), () -> {
            List<Path> jars = new LambdaArtifact(function.module(), function.artifact(REPOSITORY),
                    function.dependencyList(REPOSITORY)).jars();
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            try (URLClassLoader artifact = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
                thread.setContextClassLoader(artifact);
                Class<?> handlerClass = Class.forName(function.handlerClass(), true, artifact);
                Object handler = handlerClass.getConstructor(Map.class).newInstance(ENVIRONMENT);
                assertThat(handler).as(function.logicalId() + " registers a SnapStart priming hook")
                        .isInstanceOf(artifact.loadClass("org.crac.Resource"));
                Object output = handlerClass.getMethod("prime").invoke(handler);
                assertThat(String.valueOf(output)).startsWith("{");
            } catch (InvocationTargetException e) {
                throw new AssertionError(function.logicalId() + " failed to prime from " + function.artifact(REPOSITORY)
                        + ": " + e.getCause(), e.getCause());
            } finally {
                thread.setContextClassLoader(previous);
            }
        }));
    }
}
