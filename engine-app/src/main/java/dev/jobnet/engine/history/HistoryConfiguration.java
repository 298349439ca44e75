package dev.jobnet.engine.history;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Nothing grows without bound: Camunda's history cleanup removes finished runs after their history
 * time to live ({@code jobnet.history.days}, default 30, applied to every jobnet at deployment), in
 * the batch window of {@code application.yaml}; {@link StateCleanup} then removes our job states.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HistoryConfiguration {}
