-- An agent restarting with JOBNET_AGENT_STOP=detach says how long it will be away: until then the
-- watchdog counts it as heard from, so its running jobs are not made STUCK (docs/agent.md, "Restarting
-- an agent"). Cleared by its next heartbeat or stop.
ALTER TABLE jobnet_agent ADD COLUMN away_until TIMESTAMP;
