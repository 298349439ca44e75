package dev.jobnet.engine.config;

import dev.jobnet.engine.semantics.JobnetSemanticsPlugin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the jobnet semantics with the engine (the Camunda starter picks up plugin beans). */
@Configuration(proxyBeanMethods = false)
class SemanticsConfiguration {

  @Bean
  JobnetSemanticsPlugin jobnetSemanticsPlugin(JobnetProperties properties) {
    return new JobnetSemanticsPlugin(properties.history().days());
  }
}
