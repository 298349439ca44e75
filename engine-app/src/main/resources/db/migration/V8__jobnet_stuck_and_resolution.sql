-- Jobs the watchdog made STUCK because their agent fell silent: the retries they had, so that the
-- STUCK state can be withdrawn when the agent comes back with the job still running. A row lives
-- as long as that STUCK state.
CREATE TABLE jobnet_stuck (
    external_task_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    process_instance_id VARCHAR(64)  NOT NULL,
    activity_id         VARCHAR(255) NOT NULL,
    agent               VARCHAR(128) NOT NULL,
    retries_before      INTEGER,
    since               TIMESTAMP    NOT NULL
);

-- Every operator decision on a STUCK job, force-stop included: who, when, what and why. Kept with the
-- run's history and removed with it.
CREATE TABLE jobnet_operator_action (
    id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
    root_instance_id    VARCHAR(64)   NOT NULL,
    process_instance_id VARCHAR(64)   NOT NULL,
    element_id          VARCHAR(255),
    action              VARCHAR(32)   NOT NULL,
    reason              VARCHAR(4000),
    acted_by            VARCHAR(255)  NOT NULL,
    acted_at            TIMESTAMP     NOT NULL
);

CREATE INDEX jobnet_operator_action_root ON jobnet_operator_action (root_instance_id);
