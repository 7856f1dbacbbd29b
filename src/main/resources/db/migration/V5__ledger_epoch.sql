-- The ledger's epoch (docs/ledger.md "Losing Redis"). Created once, with the ledger; every partition's Redis key
-- {pN}:epoch holds it while Redis holds that partition's data. A partition whose key is gone while this row exists
-- lost its data: the money scripts refuse it until it is restored from the ledger entries.
CREATE TABLE ledger_epoch (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per partition found lost: when the loss was found, how far the restore got (accounts in id order up to
-- next_account are rebuilt), when the partition was reopened, and the newest of its events PostgreSQL had. Its events
-- after that one (until the loss) were in Redis only: lost.
CREATE TABLE ledger_restores (
    partition      integer     NOT NULL,
    detected_at    timestamptz NOT NULL,
    next_account   text        NOT NULL DEFAULT '',
    restored_at    timestamptz,
    written_up_to  timestamptz,
    accounts       integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (partition, detected_at)
);
