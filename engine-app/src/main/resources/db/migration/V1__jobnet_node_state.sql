-- The state of every job, nested jobnet, finally, expansion and root of a run, kept next to
-- Camunda's tables. Written by the engine plugin on the engine's own connection, inside the
-- engine's transaction, so it is never out of step with the process instance.
CREATE TABLE jobnet_node_state (
    process_instance_id VARCHAR(64)   NOT NULL,
    element_id          VARCHAR(255)  NOT NULL,
    root_instance_id    VARCHAR(64)   NOT NULL,
    kind                VARCHAR(16)   NOT NULL,
    state               VARCHAR(16)   NOT NULL,
    reason              VARCHAR(4000),
    updated_at          TIMESTAMP     NOT NULL,
    PRIMARY KEY (process_instance_id, element_id)
);

CREATE INDEX jobnet_node_state_root ON jobnet_node_state (root_instance_id);
