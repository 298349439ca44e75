/**
 * History and resting size: the time to live of finished runs, Camunda's history cleanup and the
 * cleanup of our own state table ({@code docs/engine.md}, "History").
 */
package dev.jobnet.engine.history;
