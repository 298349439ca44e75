package dev.jobnet.engine.runs;

import java.util.List;

/** A page of the list of root runs, newest first, and how many match the filter in all. */
public record RunPage(long total, int first, int max, List<RunSummary> runs) {}
