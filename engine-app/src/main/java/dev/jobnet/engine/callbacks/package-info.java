/**
 * The callbacks of http jobs with {@code callback: true} ({@code docs/http-jobs.md}): the callback URL
 * of each attempt ({@link dev.jobnet.engine.callbacks.CallbackStore}, table
 * {@code jobnet_http_callback}), the hand-over of a job whose backend accepted its request, the
 * backend's result applied as an agent's report, and the timeout
 * ({@link dev.jobnet.engine.callbacks.Callbacks}, {@link dev.jobnet.engine.callbacks.CallbackSweeper}).
 */
package dev.jobnet.engine.callbacks;
