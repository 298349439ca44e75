-- One running run per jobnet, tenant and business key: web applications retry their submits, and a
-- second start with the same business key is refused while the first runs. Rows are removed when
-- the run ends; a row whose run is gone (deleted without listeners) is taken over by the next start.
CREATE TABLE jobnet_running_key (
    process_definition_key VARCHAR(255) NOT NULL,
    tenant_id              VARCHAR(64)  NOT NULL,
    business_key           VARCHAR(255) NOT NULL,
    process_instance_id    VARCHAR(64)  NOT NULL,
    started_at             TIMESTAMP    NOT NULL,
    PRIMARY KEY (process_definition_key, tenant_id, business_key)
);

CREATE INDEX jobnet_running_key_instance ON jobnet_running_key (process_instance_id);
