package io.sardonyx.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobError;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the validator says of kafka tasks, found on the class path by their plugin name. */
class KafkaValidationTest {
    private static final JobValidator VALIDATOR = new JobValidator(new ClassPathFunctionChecker(
        KafkaValidationTest.class.getClassLoader(), PackagePolicy.ANY));

    private static List<String> errors(final Task.Builder in, final Task.Builder out) {
        return VALIDATOR.validate(Job.builder().chain("in", "out").task(in).task(out).build()).errors().stream()
            .map(JobError::toString).toList();
    }

    private static Task.Builder in() {
        return Task.input("in", "kafka").batchSize(10).with(KafkaPlugin.TOPIC, "t")
            .with(KafkaPlugin.BOOTSTRAP, "localhost:9092");
    }

    private static Task.Builder out() {
        return Task.output("out", "kafka").batchSize(10).with(KafkaPlugin.TOPIC, "u")
            .with(KafkaPlugin.BOOTSTRAP, "localhost:9092");
    }

    @Test
    void aWellFormedKafkaJobIsValid() {
        assertThat(errors(in().with(KafkaPlugin.TARGET_OFFSETS, Map.of("0", 10L, "t:1", 20L))
            .with(KafkaPlugin.DESERIALIZER, "io.sardonyx.kafka.KafkaFns::strict")
            .with(KafkaPlugin.CONSUMER_OPTS, Map.of("fetch.min.bytes", 1L)), out().with(KafkaPlugin.SEMANTICS,
            "at-least-once"))).isEmpty();
    }

    @Test
    void everyKafkaKeyIsChecked() {
        assertThat(errors(in().with("kafka/topik", "x"), out())).anyMatch(e -> e.contains("\"kafka/topik\" is not a "
            + "key of the \"kafka\" plugin") && e.contains("kafka/topic"));
        assertThat(errors(Task.input("in", "kafka").batchSize(10).with(KafkaPlugin.TOPIC, "t"), out()))
            .anyMatch(e -> e.contains("\"kafka/bootstrap-servers\" is missing"));
        assertThat(errors(in().with(KafkaPlugin.TOPIC_PATTERN, "t.*"), out()))
            .anyMatch(e -> e.contains("exactly one of \"kafka/topic\""));
        assertThat(errors(in().with(KafkaPlugin.ON_BAD_RECORD, "dead-letter"), out()))
            .anyMatch(e -> e.contains("needs \"kafka/dead-letter-topic\""));
        assertThat(errors(in().with(KafkaPlugin.ON_BAD_RECORD, "ignore"), out()))
            .anyMatch(e -> e.contains("\"kafka/on-bad-record\" must be one of [kill, skip, dead-letter]"));
        assertThat(errors(in().with(KafkaPlugin.START_OFFSETS, Map.of("zero", 1L)), out()))
            .anyMatch(e -> e.contains("neither a partition number nor \"topic:partition\""));
        assertThat(errors(in().with(KafkaPlugin.DESERIALIZER, "xml"), out()))
            .anyMatch(e -> e.contains("must be one of [json, string, bytes] or a function"));
        assertThat(errors(in().with(KafkaPlugin.DESERIALIZER, "io.sardonyx.kafka.KafkaFns::inc"), out()))
            .anyMatch(e -> e.contains("kafka/deserializer-fn") && e.contains("wrong signature"));
        assertThat(errors(in(), out().with(KafkaPlugin.OFFSET_RESET, "earliest")))
            .anyMatch(e -> e.contains("\"kafka/offset-reset\" does not apply to a kafka output"));
        assertThat(errors(in(), out().with(KafkaPlugin.SEMANTICS, "exactly-twice")))
            .anyMatch(e -> e.contains("\"kafka/semantics\" must be one of [exactly-once, at-least-once]"));
    }
}
