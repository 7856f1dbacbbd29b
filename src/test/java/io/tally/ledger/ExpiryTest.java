package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which budgets lose expiring credits: the pool first, then the allocations in proportion, exact to the micro. */
class ExpiryTest {

    @ParameterizedTest(name = "{0} expiring, pool {1}, allocations [{2}] -> pool {3}, [{4}]")
    @CsvSource(delimiter = ';', value = {
            // the pool alone when it holds enough
            "100; 250; a=50; 100; ''",
            "100; 100; a=50; 100; ''",
            // the rest in proportion: 60 over 90:30 -> 45:15
            "100; 40; a=90,b=30; 40; a=45,b=15",
            // pool at zero, three lists, rounding by largest remainder: 10 over 1:1:1 -> 4,3,3 (ties by id)
            "10; 0; a=10,b=10,c=10; 0; a=4,b=3,c=3",
            "10; 0; c=10,b=10,a=10; 0; a=4,b=3,c=3",
            // 7 over 2:3:5 of 10: 1.4, 2.1, 3.5 -> 1, 2, 3 and the spare micro to the largest remainder (c, 0.5)
            "7; 0; a=2,b=3,c=5; 0; a=1,b=2,c=4",
            // a negative pool gives nothing; negative or zero allocations give nothing
            "30; -20; a=60,b=-5,c=0,d=30; 0; a=20,b=0,c=0,d=10",
            // everything allocated goes; what is left (only with debt) from the pool, below zero
            "50; -10; a=20,b=10; 20; a=20,b=10",
            "50; 0; ''; 50; ''",
            // one micro-credit over many lists goes to the largest allocation, then by id
            "1; 0; a=5,b=7,c=7; 0; b=1",
            // large amounts stay exact (the products exceed 2^63); the spare micro ties b and c: b by id
            "999999999999999; 0; a=999999999999998,b=999999999999997,c=3; 0; a=499999999999999,b=499999999999999,c=1",
            // the pool short of the amount: it gives all it has, the allocations the rest
            "25; 5; a=100; 5; a=20" })
    void takesThePoolFirstThenTheAllocationsInProportion(long amount, long pool, String allocations, long fromPool,
            String fromAllocations) {
        var split = Expiry.split(amount, pool, map(allocations));

        assertThat(split.fromPool()).isEqualTo(fromPool);
        var expected = new TreeMap<>(map(fromAllocations));
        expected.values().removeIf(v -> v == 0);
        assertThat(split.fromAllocations()).isEqualTo(expected);
        assertThat(split.total()).as("the totals are exact").isEqualTo(amount);
    }

    private static Map<String, Long> map(String text) {
        var map = new TreeMap<String, Long>();
        if (text != null && !text.isEmpty()) {
            for (var part : text.split(",")) {
                var kv = part.split("=");
                map.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return map;
    }
}
