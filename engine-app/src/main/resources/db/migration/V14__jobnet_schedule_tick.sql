-- The ticks of scheduled root jobnets (long-form schedule:, docs/schedules.md) the scheduler decided:
-- one row per jobnet, tenant ('' for none) and tick time, inserted before the tick's run starts and in
-- its transaction, so that a tick runs once however many engine nodes look at it.
CREATE TABLE jobnet_schedule_tick (
    jobnet_key  VARCHAR(255)  NOT NULL,
    tenant_id   VARCHAR(64)   NOT NULL,
    tick_at     TIMESTAMP     NOT NULL,
    state       VARCHAR(32)   NOT NULL,
    run_id      VARCHAR(64),
    decided_at  TIMESTAMP     NOT NULL,
    reason      VARCHAR(4000),
    PRIMARY KEY (jobnet_key, tenant_id, tick_at)
);
