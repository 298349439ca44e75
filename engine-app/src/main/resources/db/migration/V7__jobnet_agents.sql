-- The agent registry: every agent reports itself with each heartbeat (docs/operations.md). An agent
-- silent for longer than jobnet.agents.offline-after is OFFLINE; rows are kept, so that a server an
-- agent once served is known ("no agent has ever served server X" fails a job at once instead).
CREATE TABLE jobnet_agent (
    name         VARCHAR(128)  NOT NULL PRIMARY KEY,
    servers      VARCHAR(4000) NOT NULL,
    capacity     INTEGER       NOT NULL,
    heartbeat_ms BIGINT        NOT NULL,
    lock_ms      BIGINT        NOT NULL,
    running      TEXT          NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    state_since  TIMESTAMP     NOT NULL,
    first_seen   TIMESTAMP     NOT NULL,
    last_seen    TIMESTAMP     NOT NULL
);
