package io.tally.carrier;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;

/**
 * The account's numbers: inbound messages are metered on the account and sub-account owning their {@code To}; a
 * PUT replaces the whole list, then meters the inbound messages that arrived for the numbers before they were
 * assigned.
 */
@Path("/v1/accounts/{account}/numbers")
class NumberResource {
    private final NumberRepository numbers;
    private final AccountDirectory directory;
    private final CarrierDirectory carrierDirectory;
    private final InboundMessages inbound;
    private final CurrentCaller caller;
    private final Clock clock;

    NumberResource(NumberRepository numbers, AccountDirectory directory, CarrierDirectory carrierDirectory,
            InboundMessages inbound, CurrentCaller caller,
            Clock clock) {
        this.numbers = numbers;
        this.directory = directory;
        this.carrierDirectory = carrierDirectory;
        this.inbound = inbound;
        this.caller = caller;
        this.clock = clock;
    }

    record NumberView(String number, String subAccount, String product, String user) {
        static NumberView of(AssignedNumber number) {
            return new NumberView(number.number(), number.subAccount(), number.product(), number.user());
        }
    }

    record NumbersView(List<NumberView> numbers, int inboundMetered) {
    }

    @PUT
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "409", description = "A number belongs to another account")
    public Uni<NumbersView> replace(@PathParam("account") String account, NumbersRequest body) {
        Scopes.requireWholeAccount(caller.get(), account);
        var wanted = Fields.body(body).toNumbers(account);
        return profile(account)
                .invoke(profile -> requireSubAccounts(profile, wanted))
                .chain(() -> numbers.takenByAnother(account, wanted))
                .invoke(taken -> taken.ifPresent(number -> {
                    throw ProblemException.conflict("number-taken", number.number()
                            + " belongs to another account", "numbers");
                }))
                .chain(() -> numbers.list(account))
                .call(before -> numbers.replace(account, wanted, clock.instant()))
                .call(before -> carrierDirectory.numbersChanged(Stream.concat(before.stream(), wanted.stream())
                        .map(AssignedNumber::number).toList()))
                .chain(() -> inbound.meterUnmatched(wanted))
                .map(metered -> new NumbersView(wanted.stream().map(NumberView::of).toList(), metered));
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<List<NumberView>> list(@PathParam("account") String account) {
        Scopes.requireAccount(caller.get(), account);
        return profile(account)
                .chain(() -> numbers.list(account))
                .map(found -> found.stream()
                        .filter(n -> n.subAccount() == null
                                ? caller.get().reachesWhole(account)
                                : caller.get().reachesSubAccount(account, n.subAccount()))
                        .map(NumberView::of)
                        .toList());
    }

    private static void requireSubAccounts(AccountProfile profile, List<AssignedNumber> wanted) {
        for (int i = 0; i < wanted.size(); i++) {
            var sub = wanted.get(i).subAccount();
            if (sub != null && profile.subAccount(sub).isEmpty()) {
                throw Refusal.invalid("numbers[" + i + "].subAccount", "numbers[" + i + "].subAccount: no sub-account "
                        + sub + " in " + profile.account().id());
            }
        }
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }
}
