package io.sardonyx.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.codec.TenancySecret;
import io.sardonyx.log.command.CompleteJob;
import io.sardonyx.log.command.RejectedEntry;
import io.sardonyx.log.store.EntrySeal;
import io.sardonyx.log.store.LogEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sealed log entries: what verifies, and what every reader with the secret rejects alike. */
class EntrySealTest {
    private static final TenancySecret SECRET = TenancySecret.of("a tenancy secret of 32 bytes....".getBytes(
        StandardCharsets.US_ASCII));
    private static final byte[] ENTRY = LogEntry.encode(new CompleteJob("j1"), "g1", 4);

    @Test
    void aSealedEntryReadsBackWithTheSecretAndWithoutIt() {
        final byte[] sealed = new EntrySeal(SECRET, "t").seal(ENTRY);
        assertThat(sealed).hasSize(ENTRY.length + EntrySeal.BYTES);
        assertThat(LogEntry.decode(5, 0, sealed, new EntrySeal(SECRET, "t")).command())
            .isEqualTo(new CompleteJob("j1"));
        assertThat(LogEntry.decode(5, 0, sealed).command()).as("a reader without the secret drops the trailer")
            .isEqualTo(new CompleteJob("j1"));
    }

    @Test
    void unsealedTamperedCopiedOrOtherwiseSealedEntriesAreRejected() {
        final EntrySeal seal = new EntrySeal(SECRET, "t");
        assertThat(why(LogEntry.decode(5, 0, ENTRY, seal))).contains("log entry 5 carries no seal");

        final byte[] tampered = seal.seal(ENTRY);
        final String text = new String(tampered, StandardCharsets.UTF_8).replace("j1", "j2");
        assertThat(why(LogEntry.decode(6, 0, text.getBytes(StandardCharsets.UTF_8), seal)))
            .contains("log entry 6 is not sealed by the tenancy's secret");

        final byte[] otherTenancy = new EntrySeal(SECRET, "other").seal(ENTRY);
        assertThat(why(LogEntry.decode(7, 0, otherTenancy, seal))).contains("not sealed");

        final byte[] otherSecret = new EntrySeal(TenancySecret.of(new byte[32]), "t").seal(ENTRY);
        assertThat(why(LogEntry.decode(8, 0, otherSecret, seal))).contains("not sealed");

        assertThatThrownBy(() -> seal.open(9, new byte[3])).hasMessageContaining("carries no seal");
    }

    @Test
    void parametersSayWhetherEntriesAreSealedAndPeersMustAgree() {
        final LogParameters sealed = LogParameters.DEFAULT.withSealedEntries(true);
        assertThat(LogParameters.fromJson(sealed.toJson())).isEqualTo(sealed);
        assertThat(LogParameters.fromJson(LogParameters.DEFAULT.toJson()).sealedEntries()).isFalse();
        assertThat(LogParameters.DEFAULT.incompatibilityWith(sealed)).contains("--secret-file");
        assertThat(sealed.incompatibilityWith(LogParameters.DEFAULT)).contains("started without one");
        assertThat(sealed.incompatibilityWith(sealed)).isNull();
    }

    private static String why(final LogEntry entry) {
        assertThat(entry.command()).isInstanceOf(RejectedEntry.class);
        return ((RejectedEntry) entry.command()).why();
    }
}
