package dev.mwaaprovisioner.local.asl;

import java.util.List;

/** One element of a {@code Catch} array; {@code resultPath} null means the JSON null (discard). */
record Catcher(List<String> errorEquals, String next, String resultPath) {
}
