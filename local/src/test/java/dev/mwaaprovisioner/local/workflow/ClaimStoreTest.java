package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.NameOwnedByAnotherRequestException;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Claims of environment Names in the config bucket, through the real SDK's conditional writes. */
class ClaimStoreTest {

    LocalCloud cloud;
    S3Client s3;
    ClaimStore claims;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        s3.createBucket(r -> r.bucket("config"));
        s3.putBucketVersioning(r -> r.bucket("config").versioningConfiguration(v -> v.status("Enabled")));
        claims = new ClaimStore(s3, "config");
    }

    @AfterEach
    void stop() {
        s3.close();
        cloud.close();
    }

    static RequestSource file(String key, String version) {
        return new RequestSource(RequestSource.S3_OBJECT, "s3://config/" + key, version, "event-" + version);
    }

    static RequestSource inline(String eventId) {
        return new RequestSource(RequestSource.INLINE_EVENT, null, null, eventId);
    }

    static com.fasterxml.jackson.databind.node.ObjectNode event(String id, String key, String sequencer) {
        var event = dev.mwaaprovisioner.common.workflow.WorkflowJson.MAPPER.createObjectNode().put("id", id)
                .put("time", "2026-12-01T10:00:00Z");
        event.putObject("detail").putObject("object").put("key", key).put("sequencer", sequencer);
        return event;
    }

    /**
     * One holder per Name: a second execution's event waits in the record (the newest one wins
     * the slot, by S3 sequencer); the holder takes it when it hands over, and releases the Name
     * only when nothing waits. A holder that no longer runs is replaced.
     */
    @Test
    void oneExecutionHoldsANameAndTheLatestWaitingEventIsHandedToIt() {
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(file("requests/a.yaml", "v1"));
        java.util.Set<String> running = new java.util.HashSet<>(List.of("exec-1"));
        var first = claims.acquire("analytics", owner, false, event("e1", "requests/a.yaml", "0A"), "exec-1", running::contains);
        assertThat(first.outcome()).isEqualTo(ClaimStore.Outcome.ACQUIRED);
        var third = claims.acquire("analytics", owner, false, event("e3", "requests/a.yaml", "0C"), "exec-3", running::contains);
        var second = claims.acquire("analytics", owner, false, event("e2", "requests/a.yaml", "0B"), "exec-2", running::contains);
        assertThat(List.of(third.outcome(), second.outcome())).containsOnly(ClaimStore.Outcome.QUEUED);
        assertThat(second.holderArn()).isEqualTo("exec-1");
        assertThat(claims.read("analytics").orElseThrow().claim().waiting().path("id").asText())
                .as("an older event does not replace a newer one").isEqualTo("e3");

        var next = claims.handOver("analytics", "exec-1", false);
        assertThat(next).hasValueSatisfying(e -> assertThat(e.path("id").asText()).isEqualTo("e3"));
        EnvironmentClaim held = claims.read("analytics").orElseThrow().claim();
        assertThat(held.heldBy("exec-1")).isTrue();
        assertThat(held.waiting()).isNull();
        assertThat(claims.handOver("analytics", "exec-1", false)).isEmpty();
        assertThat(claims.read("analytics").orElseThrow().claim().holder()).isNull();

        // A holder that ended without handing over blocks nothing.
        claims.acquire("analytics", owner, false, event("e4", "requests/a.yaml", "0D"), "exec-4", arn -> false);
        var taken = claims.acquire("analytics", owner, false, event("e5", "requests/a.yaml", "0E"), "exec-5", arn -> false);
        assertThat(taken.outcome()).isEqualTo(ClaimStore.Outcome.ACQUIRED);
        assertThat(taken.claim().claim().heldBy("exec-5")).isTrue();
        // After a removal with nothing waiting, the record goes (a conditional delete).
        assertThat(claims.handOver("analytics", "exec-5", true)).isEmpty();
        assertThat(claims.read("analytics")).isEmpty();
    }

    /** Another file's event is its contender, never its waiting event; once the owner's file is gone it takes over. */
    @Test
    void anotherFilesEventIsRecordedAsContenderAndTakesOverWhenTheOwnersFileIsGone() {
        EnvironmentClaim.Owner a = EnvironmentClaim.Owner.of(file("requests/a.yaml", "v1"));
        EnvironmentClaim.Owner b = EnvironmentClaim.Owner.of(file("requests/b.yaml", "v1"));
        claims.acquire("analytics", a, false, event("e1", "requests/a.yaml", "0A"), "exec-1", arn -> true);
        var refused = claims.acquire("analytics", b, false, event("e2", "requests/b.yaml", "01"), "exec-2", arn -> true);
        assertThat(refused.outcome()).isEqualTo(ClaimStore.Outcome.OWNED_BY_ANOTHER);
        EnvironmentClaim record = claims.read("analytics").orElseThrow().claim();
        assertThat(record.contender().path("id").asText()).isEqualTo("e2");
        assertThat(record.waiting()).isNull();
        assertThat(record.ownedBy(a)).isTrue();
        claims.handOver("analytics", "exec-1", false);
        var takeover = claims.acquire("analytics", b, true, event("e2", "requests/b.yaml", "01"), "exec-2", arn -> true);
        assertThat(takeover.outcome()).isEqualTo(ClaimStore.Outcome.ACQUIRED);
        assertThat(takeover.claim().claim().ownedBy(b)).isTrue();
        assertThat(takeover.claim().claim().contender()).isNull();
    }

    /** Many executions race for one free Name: exactly one holds it; of the others, the newest event waits. */
    @Test
    void concurrentAcquiresHaveExactlyOneHolder() throws Exception {
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(file("requests/a.yaml", "v1"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ClaimStore.Acquisition>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                results.add(pool.submit(() -> claims.acquire("raced", owner, false,
                        event("e" + n, "requests/a.yaml", String.format("%04X", n)), "exec-" + n, arn -> true)));
            }
            int holders = 0;
            for (Future<ClaimStore.Acquisition> result : results) {
                holders += result.get().outcome() == ClaimStore.Outcome.ACQUIRED ? 1 : 0;
            }
            assertThat(holders).isEqualTo(1);
            EnvironmentClaim record = claims.read("raced").orElseThrow().claim();
            assertThat(record.holder()).isNotNull();
            String holderEvent = record.holder().eventId();
            assertThat(record.waiting().path("id").asText()).as("the newest of the other events waits")
                    .isEqualTo(holderEvent.equals("e15") ? "e14" : "e15");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFirstSourceOwnsTheNameAndItsNewVersionsKeepIt() {
        var first = claims.claim("analytics", file("requests/a.yaml", "v1"), "exec-1");
        assertThat(first.claim().owner().uri()).isEqualTo("s3://config/requests/a.yaml");
        assertThat(first.claim().claimedByEvent()).isEqualTo("exec-1");
        // A new version of the same file is the same owner: the claim is returned unchanged.
        var again = claims.claim("analytics", file("requests/a.yaml", "v2"), "exec-2");
        assertThat(again).isEqualTo(first);
        assertThat(claims.read("analytics")).contains(first);
    }

    @Test
    void anotherFileOrAnInlineEventIsRefusedNamingBothAndTheFix() {
        claims.claim("analytics", file("requests/a.yaml", "v1"), "exec-1");
        assertThatThrownBy(() -> claims.claim("analytics", file("requests/b.yaml", "v7"), "exec-2"))
                .isInstanceOfSatisfying(NameOwnedByAnotherRequestException.class, e -> {
                    assertThat(e).hasMessageContaining("Environment name analytics is owned by s3://config/requests/a.yaml")
                            .hasMessageContaining("not by s3://config/requests/b.yaml (version v7)")
                            .hasMessageContaining("Fix: give this request another Name, or delete s3://config/requests/a.yaml");
                    assertThat(e.statusKey()).matches("status/analytics\\.conflict-[0-9a-f]{12}\\.json");
                    // The report step gets only the message: it recovers the same name and status key.
                    var parsed = NameOwnedByAnotherRequestException.parse(e.getMessage()).orElseThrow();
                    assertThat(parsed.environmentName()).isEqualTo("analytics");
                    assertThat(parsed.statusKey()).isEqualTo(e.statusKey());
                });
        assertThatThrownBy(() -> claims.claim("analytics", inline("evt-9"), "exec-3"))
                .isInstanceOf(NameOwnedByAnotherRequestException.class)
                .hasMessageContaining("not by event evt-9");
        // The owner's claim is untouched.
        assertThat(claims.read("analytics").orElseThrow().claim().owner().uri()).isEqualTo("s3://config/requests/a.yaml");
    }

    @Test
    void inlineEventsShareOneOwner() {
        claims.claim("events-env", inline("evt-1"), "exec-1");
        assertThat(claims.claim("events-env", inline("evt-2"), "exec-2").claim().owner().type())
                .isEqualTo(RequestSource.INLINE_EVENT);
        assertThatThrownBy(() -> claims.claim("events-env", file("requests/x.yaml", "v1"), "exec-3"))
                .isInstanceOf(NameOwnedByAnotherRequestException.class)
                .hasMessageContaining("is owned by inline requests of \"Provision Environment\" events")
                .hasMessageContaining("send a \"Deprovision Environment\" event for events-env");
    }

    @Test
    void concurrentClaimsOfOneNameHaveExactlyOneOwner() throws Exception {
        int requests = 12;
        List<Callable<String>> attempts = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            RequestSource source = file("requests/team-" + i + ".yaml", "v1");
            attempts.add(() -> {
                try {
                    return claims.claim("shared", source, "exec").claim().owner().uri();
                } catch (NameOwnedByAnotherRequestException e) {
                    return "refused";
                }
            });
        }
        List<String> outcomes = runAll(attempts);
        assertThat(outcomes).filteredOn(o -> !o.equals("refused")).hasSize(1);
        assertThat(claims.read("shared").orElseThrow().claim().owner().uri()).isEqualTo(
                outcomes.stream().filter(o -> !o.equals("refused")).findFirst().orElseThrow());
    }

    @Test
    void concurrentUpdatesLoseNoChange() throws Exception {
        claims.claim("shared", file("requests/a.yaml", "v1"), "exec");
        int writers = 10;
        List<Callable<String>> updates = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String mark = "m" + i;
            updates.add(() -> claims.update("shared", c -> c.withApplied(
                    c.appliedRequestDigest() == null ? mark : c.appliedRequestDigest() + "," + mark,
                    "Delete", c.created(), "now")).etag());
        }
        runAll(updates);
        String digest = claims.read("shared").orElseThrow().claim().appliedRequestDigest();
        assertThat(Arrays.asList(digest.split(","))).containsExactlyInAnyOrder(
                "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void releaseIsForTheOwnerOnly() {
        claims.claim("analytics", file("requests/a.yaml", "v1"), "exec-1");
        assertThatThrownBy(() -> claims.release("analytics", file("requests/b.yaml", "v1")))
                .isInstanceOf(NameOwnedByAnotherRequestException.class);
        claims.release("analytics", file("requests/a.yaml", "v2"));
        assertThat(claims.read("analytics")).isEmpty();
        assertThat(claims.claim("analytics", file("requests/b.yaml", "v1"), "exec-2").claim().owner().uri())
                .isEqualTo("s3://config/requests/b.yaml");
        assertThat(ClaimStore.conflictStatusKey("analytics", EnvironmentClaim.Owner.of(file("requests/b.yaml", "v1"))))
                .isEqualTo(ClaimStore.conflictStatusKey("analytics", EnvironmentClaim.Owner.of(file("requests/b.yaml", "v9"))));
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = pool.invokeAll(tasks);
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
