package dev.jobnet.engine.starting;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How applications start jobnets over the engine REST API: our additions to Camunda's resources. */
@Configuration(proxyBeanMethods = false)
class StartingConfiguration {

  @Bean
  ResourceConfigCustomizer jobnetStartingResources() {
    return config -> config.register(DuplicateRunExceptionMapper.class);
  }
}
