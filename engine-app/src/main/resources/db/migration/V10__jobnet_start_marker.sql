-- The start marker of each job an agent started (docs/agent-protocol.md): which agent started which
-- attempt of the task, and when; and the second start the re-delivery guard stopped, if any. One row per
-- external task, written in the transaction of the agent's request; the watchdog removes the rows of
-- tasks that are gone. (Agent protocol 2 kept the marker in a Camunda variable; V11 moves those.)
CREATE TABLE jobnet_start_marker (
    external_task_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    execution_id        VARCHAR(64)  NOT NULL,
    process_instance_id VARCHAR(64)  NOT NULL,
    agent               VARCHAR(128) NOT NULL,
    attempt             INTEGER      NOT NULL,
    started_at          TIMESTAMP    NOT NULL,
    second_agent        VARCHAR(128),
    second_attempt      INTEGER,
    second_at           TIMESTAMP,
    second_retries      INTEGER
);
