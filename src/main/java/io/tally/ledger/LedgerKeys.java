package io.tally.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * The Redis keys of the ledger, all of one account under its partition's hash tag {@code {pN}}, so that every
 * script touches one cluster slot. Reservation ids are {@code r.<accountId>.<random>} and so name their account.
 */
public final class LedgerKeys {
    /** The largest single amount a command may move (10^15 micro-credits), exact in Lua's doubles. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    /** The hash tags of the first partitions, made once: every key of every call starts with one. */
    private static final String[] TAGS = IntStream.range(0, 1024).mapToObj(p -> "{p" + p + "}").toArray(String[]::new);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final int partitions;

    public LedgerKeys(int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    public int partition(String accountId) {
        return Partitions.of(accountId, partitions);
    }

    /** {@code {pN}}: the hash tag of a partition. */
    public static String tag(int partition) {
        return partition >= 0 && partition < TAGS.length ? TAGS[partition] : "{p" + partition + "}";
    }

    /** {@code {pN}:acct:<id>}: the account's balances, allocations, month spend and lots. */
    public String account(String accountId) {
        return account(partition(accountId), accountId);
    }

    /** {@link #account(String)} in the account's partition {@code p}, computed once by a call that names several keys. */
    static String account(int p, String accountId) {
        return tag(p) + ":acct:" + accountId;
    }

    /**
     * {@code {pN}:acct:<id>:usable}: the ids of the account's usable lots (credits left, not found expired for an
     * hour), comma-separated: the only lots a movement reads; derived from the account hash, which keeps every lot.
     * (An earlier version kept a set at {@code :lots}; it is no longer read.)
     */
    public String usable(String accountId) {
        return usable(partition(accountId), accountId);
    }

    static String usable(int p, String accountId) {
        return account(p, accountId) + ":usable";
    }

    /** {@code {pN}:acct:<id>:idem:<key>}: the idempotency record of one movement. */
    public String idempotency(String accountId, String key) {
        return idempotency(partition(accountId), accountId, key);
    }

    static String idempotency(int p, String accountId, String key) {
        return account(p, accountId) + ":idem:" + key;
    }

    /** {@code {pN}:hold:<reservationId>}. */
    public String hold(String reservationId) {
        return hold(partition(accountOf(reservationId).orElseThrow()), reservationId);
    }

    /**
     * {@link #hold(String)} of a reservation id already known to name an account of partition {@code p}: a
     * {@link Reserve}'s (its constructor derived the id from its checked account) or one {@link #accountOf} read.
     */
    static String hold(int p, String reservationId) {
        return tag(p) + ":hold:" + reservationId;
    }

    /** {@code {pN}:deadlines}: reservation ids by deadline (epoch ms). */
    /**
     * {@code {pN}:expiries}: the partition's schedule of expiries, members {@code <account>:<lotId>} scored by the
     * lot's expiry (ms), while the lot has credits left (docs/ledger.md "Expiry").
     */
    public static String expiries(int partition) {
        return tag(partition) + ":expiries";
    }

    /**
     * {@code {pN}:refreshes}: the partition's schedule of refreshes, members {@code <account>:<lotId>:<months>} scored
     * by the lot's next refresh boundary (ms).
     */
    public static String refreshes(int partition) {
        return tag(partition) + ":refreshes";
    }

    /**
     * {@code {pN}:alerts:expiring}: the accounts of the partition with a credits-expiring alert rule, which the
     * sweeper checks (docs/alerts.md); written with the rules' mirror.
     */
    public static String expiringAlerts(int partition) {
        return tag(partition) + ":alerts:expiring";
    }

    /** {@code {pN}:expiries:lock}: held by the replica sweeping the partition's expiries. */
    public static String expiriesLock(int partition) {
        return expiries(partition) + ":lock";
    }

    public static String deadlines(int partition) {
        return tag(partition) + ":deadlines";
    }

    /**
     * {@code {pN}:epoch}: the partition's ledger epoch, written when the ledger is created or restored; every money
     * script refuses while it is missing (Redis lost the partition's data).
     */
    public static String epoch(int partition) {
        return tag(partition) + ":epoch";
    }

    /**
     * {@code {pN}:acct:<id>:recharge}: the account's auto-recharge, while one is open ({@code OPEN|<id>|<ms>}) or
     * failed ({@code FAILED|<id>|<granted then>}); docs/payments.md.
     */
    public String recharge(String accountId) {
        return account(accountId) + ":recharge";
    }

    /** {@code {pN}:recharges}: the accounts of the partition with an open recharge, by when it is due (epoch ms). */
    public static String recharges(int partition) {
        return tag(partition) + ":recharges";
    }

    /** {@code {pN}:events}: the partition's ledger event stream. */
    public static String events(int partition) {
        return tag(partition) + ":events";
    }

    /** A new reservation id for an account: {@code r.<accountId>.<suffix>}. */
    public static String reservationId(String accountId, String suffix) {
        requireId(accountId, "account id");
        requireId(suffix, "reservation suffix");
        return "r." + accountId + "." + suffix;
    }

    /**
     * The reservation id of an account's reserve with this idempotency key: {@code r.<accountId>.<digest>}, 22
     * characters of the key's SHA-256 (base64url). Deriving it lets the hold also be the key's idempotency record;
     * a key used again after its idempotency TTL names the same id again (docs/ledger.md "Idempotency").
     */
    public static String reservationIdFor(String accountId, String idempotencyKey) {
        return derivedReservationId(requireId(accountId, "account id"), idempotencyKey);
    }

    /**
     * {@link #reservationIdFor} of an account id already checked ({@link #requireId}), as {@link Reserve}'s
     * constructor has: the digest needs no check, 22 base64url characters are always an id.
     */
    static String derivedReservationId(String accountId, String idempotencyKey) {
        return "r." + accountId + "." + digest(idempotencyKey);
    }

    private static String digest(String idempotencyKey) {
        var sha = Fingerprint.newDigest().digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
        return BASE64URL.encodeToString(sha).substring(0, 22);
    }

    /** The account a reservation id names ({@code r.<id>.<id>}), or empty when it is not one. */
    public static Optional<String> accountOf(String reservationId) {
        if (!reservationId.startsWith("r.")) {
            return Optional.empty();
        }
        int dot = reservationId.indexOf('.', 2);
        if (dot < 0 || !isId(reservationId, 2, dot) || !isId(reservationId, dot + 1, reservationId.length())) {
            return Optional.empty();
        }
        return Optional.of(reservationId.substring(2, dot));
    }

    /** Ids of accounts, sub-accounts and lots: 1-64 of {@code [A-Za-z0-9_-]}, so they are safe inside keys. */
    public static String requireId(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!isId(id, 0, id.length())) {
            throw new IllegalArgumentException(what + " must be 1-64 of [A-Za-z0-9_-]: " + id);
        }
        return id;
    }

    /** Whether {@code text[from, to)} is 1-64 of {@code [A-Za-z0-9_-]} (a loop: this runs on every request). */
    private static boolean isId(String text, int from, int to) {
        if (to - from < 1 || to - from > 64) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A price: free uses (a rate of 0) are metered too, so 0 is allowed; holds and charges of 0 move nothing. */
    static long requireCost(long amount, String what) {
        if (amount < 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException(what + " must be in 0.." + MAX_AMOUNT + ": " + amount);
        }
        return amount;
    }

    static long requireAmount(long amount, String what) {
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException(what + " must be in 1.." + MAX_AMOUNT + ": " + amount);
        }
        return amount;
    }

    /** An auto-recharge threshold, when set, is 1..{@link #MAX_AMOUNT} micro-credits. */
    static void requireThreshold(OptionalLong threshold) {
        Objects.requireNonNull(threshold, "rechargeBelow");
        if (threshold.isPresent()) {
            requireAmount(threshold.getAsLong(), "rechargeBelow");
        }
    }

    /** Idempotency keys, fingerprints and event ids: non-empty, at most 200 chars, no line breaks. */
    /** A use's category: {@code ""} (none named) or lower case letters, at most 31. */
    static String requireCategory(String category) {
        if (category == null || category.length() > 31) {
            throw new IllegalArgumentException("category must be '' or 1-31 lower case letters: " + category);
        }
        for (int i = 0; i < category.length(); i++) {
            if (category.charAt(i) < 'a' || category.charAt(i) > 'z') {
                throw new IllegalArgumentException("category must be '' or lower case letters: " + category);
            }
        }
        return category;
    }

    static String requireToken(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > 200 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must be 1-200 characters without line breaks");
        }
        return value;
    }
}
