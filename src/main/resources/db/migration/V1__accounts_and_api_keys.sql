-- Accounts and the API keys that reach them. Keys are stored only as the SHA-256 of their secret.
CREATE TABLE accounts (
    id                       text        PRIMARY KEY,
    name                     text        NOT NULL,
    time_zone                text        NOT NULL,
    grapheme_safe            boolean     NOT NULL DEFAULT false,
    national_languages       text[]      NOT NULL DEFAULT '{}',
    languages_by_destination boolean     NOT NULL DEFAULT false,
    created_at               timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id                 text        PRIMARY KEY,
    key_hash           text        NOT NULL UNIQUE,
    name               text,
    role               text        NOT NULL CHECK (role IN ('operator', 'service', 'company-admin', 'office-admin')),
    account_id         text        REFERENCES accounts (id),
    all_accounts       boolean     NOT NULL DEFAULT false,
    scope_accounts     text[]      NOT NULL DEFAULT '{}',
    scope_sub_accounts text[]      NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL,
    created_by         text,
    revoked_at         timestamptz,
    CHECK ((role IN ('company-admin', 'office-admin')) = (account_id IS NOT NULL) OR role = 'service')
);

CREATE INDEX api_keys_account ON api_keys (account_id, created_at);
