-- The callbacks of http jobs with callback: true (docs/http-jobs.md): one row per job attempt, with the
-- unguessable token of its callback URL, what became of it, and when the engine gives up waiting.
CREATE TABLE jobnet_http_callback (
    token             VARCHAR(64)   NOT NULL PRIMARY KEY,
    external_task_id  VARCHAR(64)   NOT NULL,
    attempt           INTEGER       NOT NULL,
    process_instance_id VARCHAR(64),
    activity_id       VARCHAR(255),
    state             VARCHAR(16)   NOT NULL,
    created_at        TIMESTAMP     NOT NULL,
    deadline          TIMESTAMP,
    decided_at        TIMESTAMP,
    message           VARCHAR(4000),
    CONSTRAINT jobnet_http_callback_attempt UNIQUE (external_task_id, attempt)
);

CREATE INDEX jobnet_http_callback_state ON jobnet_http_callback (state);
