-- One row that every deployment of jobnet definitions (start-up and POST /jobnet-api/deployments)
-- updates first in its transaction: the row lock serializes deployments across all engine-app nodes
-- from reading what is deployed to the commit. Camunda's own deployment lock (ACT_GE_PROPERTY
-- 'deployment.lock') is not taken on H2, and only inside the engine's deploy command.
-- locked_by and locked_at name the node that deployed last (or deploys now), for operators.
CREATE TABLE jobnet_deployment_lock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    locked_by  VARCHAR(255),
    locked_at  TIMESTAMP
);

INSERT INTO jobnet_deployment_lock (name) VALUES ('deployment');
