/**
 * Http jobs ({@code http:} in the YAML): the request as the converter writes it on the job
 * ({@link dev.jobnet.protocol.http.HttpJobSpec}), the {@code ${param:NAME}} and {@code ${secret:NAME}}
 * pieces the agent fills in ({@link dev.jobnet.protocol.http.Placeholders}), and where an agent finds
 * a secret ({@link dev.jobnet.protocol.http.Secrets}). {@code docs/http-jobs.md} tells the whole story.
 */
package dev.jobnet.protocol.http;
