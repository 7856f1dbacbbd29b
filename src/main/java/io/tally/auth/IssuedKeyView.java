package io.tally.auth;

import java.net.URI;

import org.jboss.resteasy.reactive.RestResponse;

/** A key just issued: the only answer that carries its secret. */
record IssuedKeyView(String key, KeyView details) {
    static IssuedKeyView of(ApiKeys.IssuedKey issued) {
        return new IssuedKeyView(issued.secret(), KeyView.of(issued.key()));
    }

    static RestResponse<IssuedKeyView> created(ApiKeys.IssuedKey issued) {
        var key = issued.key();
        var location = key.account() == null
                ? "/v1/keys/" + key.id()
                : "/v1/accounts/" + key.account() + "/keys/" + key.id();
        return RestResponse.ResponseBuilder.<IssuedKeyView> created(URI.create(location)).entity(of(issued)).build();
    }
}
