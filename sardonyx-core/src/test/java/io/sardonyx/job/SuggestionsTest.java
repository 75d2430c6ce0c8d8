package io.sardonyx.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void shouldSuggestTheClosestPlausibleName() {
        final List<String> known = List.of("in", "inc", "count", "conj", "out");
        assertThat(Suggestions.closest("otu", known)).contains("out");
        assertThat(Suggestions.closest("cnt", known)).contains("count");
        assertThat(Suggestions.closest("incc", known)).contains("inc");
        assertThat(Suggestions.closest("zzzzzzz", known)).isEmpty();
        assertThat(Suggestions.closest("out", known)).isEmpty();
        assertThat(Suggestions.didYouMean("onyx/batchsize", List.of(Task.BATCH_SIZE, Task.BATCH_TIMEOUT)))
            .isEqualTo("; did you mean \"onyx/batch-size\"?");
    }

    @Test
    void shouldCountAdjacentSwapsAsOneEdit() {
        assertThat(Suggestions.distance("otu", "out")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
