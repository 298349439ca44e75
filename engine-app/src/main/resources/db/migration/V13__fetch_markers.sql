-- Start markers written by the fetch itself (docs/agent-protocol.md, "Start markers written by the
-- fetch"): the fetch a marker came from, and the fetches whose answers their agent never received.
-- A marker of a lost fetch was never started: the job goes to the next agent without being made STUCK.
ALTER TABLE jobnet_start_marker ADD COLUMN fetch_id VARCHAR(64);

CREATE TABLE jobnet_lost_fetch (
    agent       VARCHAR(128) NOT NULL,
    fetch_id    VARCHAR(64)  NOT NULL,
    declared_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (agent, fetch_id)
);
