-- What agents ship of each job's stdout and stderr, per external task, attempt and stream: the first
-- half of jobnet.jobs.output-cap (the head), the last half as a rolling tail, and the count of every
-- byte received. The same statements run on H2 2.x and PostgreSQL: both take BYTEA (H2 as an alias
-- of BINARY VARYING, up to 1,000,000,000 bytes; pieces here are at most 256 KiB).
CREATE TABLE jobnet_job_log (
    external_task_id    VARCHAR(64)  NOT NULL,
    attempt             INTEGER      NOT NULL,
    stream              VARCHAR(8)   NOT NULL,
    process_instance_id VARCHAR(64)  NOT NULL,
    activity_id         VARCHAR(255) NOT NULL,
    head_bytes          BIGINT       NOT NULL,
    total_bytes         BIGINT       NOT NULL,
    updated_at          TIMESTAMP    NOT NULL,
    PRIMARY KEY (external_task_id, attempt, stream)
);

-- Reading by run and element once the task is gone; the cleanup of runs whose history was removed.
CREATE INDEX jobnet_job_log_run ON jobnet_job_log (process_instance_id, activity_id);

-- The kept bytes in pieces keyed by their offset in the stream: head pieces start below head_bytes,
-- tail pieces at or after it. Removed with their log row.
CREATE TABLE jobnet_job_log_chunk (
    external_task_id VARCHAR(64) NOT NULL,
    attempt          INTEGER     NOT NULL,
    stream           VARCHAR(8)  NOT NULL,
    start_offset     BIGINT      NOT NULL,
    end_offset       BIGINT      NOT NULL,
    content          BYTEA       NOT NULL,
    PRIMARY KEY (external_task_id, attempt, stream, start_offset),
    CONSTRAINT jobnet_job_log_chunk_log FOREIGN KEY (external_task_id, attempt, stream)
        REFERENCES jobnet_job_log (external_task_id, attempt, stream) ON DELETE CASCADE
);
