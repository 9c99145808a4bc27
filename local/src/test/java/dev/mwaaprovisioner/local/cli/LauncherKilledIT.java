package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar mwaa-local.jar up} runs the command in a second JVM (fast start). When the
 * first JVM is killed outright ({@code kill -9}, which runs no shutdown hook), the second must not
 * go on serving and holding its port: the next {@code up} on that port would fail with "Address
 * already in use".
 */
class LauncherKilledIT {

    @Test
    void theCommandJvmEndsWhenItsLauncherIsKilled() throws Exception {
        Path root = CommandLineUsageTest.ROOT;
        Path jar = root.resolve("local/target/mwaa-local.jar");
        assertThat(jar).as("the packaged jar").isRegularFile();
        int port = freePort();
        Path output = Files.createTempFile("up", ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process launcher = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "up", "--port", String.valueOf(port)))
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!printed(output).contains("Press Ctrl-C to stop.") && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(printed(output)).as("up started").contains("Press Ctrl-C to stop.");
            List<ProcessHandle> command = launcher.descendants().toList();
            assertThat(command).as("the command's JVM").hasSize(1);
            assertThat(listening(port)).as("the command serves on port " + port).isTrue();

            launcher.destroyForcibly(); // SIGKILL: the launcher's shutdown hook does not run
            assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();

            boolean ended = command.get(0).onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join() != null;
            assertThat(ended).as("the command's JVM ended with its launcher:\n" + printed(output)).isTrue();
            assertThat(listening(port)).as("port " + port + " is free again").isFalse();
            assertThat(printed(output)).contains("the process that started this command ended; stopping.");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static String printed(Path output) throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
