package dev.jobnet.engine.runs;

import dev.jobnet.engine.semantics.RunState;
import java.time.Instant;
import java.util.Map;

/**
 * One root run in the list of runs ({@code GET /jobnet-api/runs}): what an operator scans for.
 *
 * @param state RUNNING while it runs, else its outcome
 * @param outcome the process variable {@code jobnetOutcome} (SUCCEEDED, FAILED, STOPPED); null while running
 * @param createdAt when the run was started (the process instance began)
 * @param startedAt when the first of its jobs started its command; null while none has
 * @param endedAt null while running
 * @param runningJobs jobs an agent runs now, in the run and the runs it expanded
 * @param stuckJobs jobs whose outcome is unknown (a STUCK incident), in the run and the runs it expanded
 * @param parameters the start parameters: the run's variables whose names do not start with {@code jobnet}
 * @param attention why the run needs an operator, in words ("FAILED: load FAILED (exit status 3)", "1 job
 *     STUCK"); null when it does not
 * @param rerunBy the run that reruns this one, if any
 */
public record RunSummary(
    String id,
    String jobnet,
    String name,
    String businessKey,
    String tenantId,
    RunState state,
    RunState outcome,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    int runningJobs,
    int stuckJobs,
    Map<String, Object> parameters,
    String attention,
    String rerunBy) {}
