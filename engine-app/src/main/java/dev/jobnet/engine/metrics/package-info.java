/**
 * What the engine app tells a monitoring system ({@code docs/metrics.md}), through Micrometer and
 * {@code /actuator/prometheus}: gauges of the jobs waiting and running per server ({@link
 * dev.jobnet.engine.metrics.EngineGauges}: one grouped query over Camunda's external tasks per scrape,
 * kept for {@code jobnet.metrics.cache-for}), of the agents online and offline and of the mails in the
 * outbox; counters of the jobs ended by final state and timers of a job's run and of its wait for an
 * agent ({@link dev.jobnet.engine.metrics.JobEndMetrics}, an event subscriber that counts after the
 * event's transaction committed).
 *
 * <p>Knows the event log, the agent registry ({@code agents}), the outbox ({@code notify}) and the
 * topic of a server ({@code protocol}); no feature knows it back. Who may read the endpoints is the
 * security package's business (operators; the health probes answer anyone).
 */
package dev.jobnet.engine.metrics;
