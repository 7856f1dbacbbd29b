package io.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class RateRepositoryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    RateRepository repository;
    @Inject
    Pool database;

    private static Rate sms(String country, long micros) {
        return Rate.of(new RateKey(ServiceName.SMS, Direction.OUTBOUND, country), micros);
    }

    @Test
    void aReplacementThatFailsHalfwayWritesNothing() {
        var account = Optional.of(Api.newAccount());
        var before = RateCard.of(List.of(sms("IT", 30_000)));
        repository.replace(account, before, Instant.now()).await().atMost(WAIT);
        // A trigger makes the insert of the second row fail, after the delete and the first insert ran.
        database.query("""
                CREATE FUNCTION refuse_zz() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused ZZ'; END $$;
                CREATE TRIGGER refuse_zz BEFORE INSERT ON rates FOR EACH ROW WHEN (NEW.country = 'ZZ')
                EXECUTE FUNCTION refuse_zz();""").execute().await().atMost(WAIT);
        try {
            var after = RateCard.of(List.of(sms("FR", 10_000), sms("ZZ", 20_000)));
            assertThatThrownBy(() -> repository.replace(account, after, Instant.now()).await().atMost(WAIT))
                    .hasMessageContaining("refused ZZ");
        } finally {
            database.query("DROP TRIGGER refuse_zz ON rates; DROP FUNCTION refuse_zz();").execute()
                    .await().atMost(WAIT);
        }
        assertThat(repository.find(account).await().atMost(WAIT).orElseThrow().card()).isEqualTo(before);
    }

    @Test
    void voiceIncrementsAndTheDefaultCardRoundTrip() {
        var account = Optional.of(Api.newAccount());
        var card = RateCard.of(List.of(sms("*", 1),
                Rate.voice(new RateKey(ServiceName.VOICE, Direction.INBOUND, "US"), 7_000, new Billing(30, 6))));
        repository.replace(account, card, Instant.now()).await().atMost(WAIT);
        assertThat(repository.find(account).await().atMost(WAIT).orElseThrow().card()).isEqualTo(card);
    }

    @Test
    void anUnknownAccountHasNoCardAndGetsNone() {
        var nobody = Optional.of("nobody-" + System.nanoTime());
        assertThat(repository.find(nobody).await().atMost(WAIT)).isEmpty();
        assertThat(repository.replace(nobody, RateCard.of(List.of(sms("IT", 1))), Instant.now())
                .await().atMost(WAIT)).isEmpty();
    }
}
