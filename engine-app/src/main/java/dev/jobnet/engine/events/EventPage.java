package dev.jobnet.engine.events;

import java.util.List;

/** One page of events and how many match in all. */
public record EventPage(List<Event> events, int page, int size, long total) {}
