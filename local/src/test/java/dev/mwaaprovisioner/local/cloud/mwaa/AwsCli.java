package dev.mwaaprovisioner.local.cloud.mwaa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds the AWS CLI the end-to-end tests run. */
final class AwsCli {

    private AwsCli() {}

    /**
     * The {@code aws} executable on the PATH. A pyenv shim is resolved to the script it runs, which
     * halves the start-up time of every call.
     *
     * @throws AssertionError naming the fix when there is no {@code aws} on the PATH
     */
    static String executable() throws IOException, InterruptedException {
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "aws");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return isPyenvShim(candidate) ? pyenvWhich(candidate) : candidate.toString();
            }
        }
        throw new AssertionError("The AWS CLI ('aws') is not on the PATH (" + pathVariable + "). Install it to run"
                + " the end-to-end tests: pip install awscli, or apt-get install awscli; .ci/run installs it.");
    }

    private static boolean isPyenvShim(Path file) throws IOException {
        if (Files.size(file) > 4096) {
            return false;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        return text.startsWith("#!") && text.contains("pyenv\" exec");
    }

    private static String pyenvWhich(Path shim) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("pyenv", "which", "aws").redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return shim.toString();
        }
        String resolved = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 && Files.isExecutable(Path.of(resolved)) ? resolved : shim.toString();
    }
}
