package dev.jobnet.engine.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Camunda's entity manager, with an id check that describes an entity only to refuse it ({@link EntityIdCheckPlugin}). */
@Configuration(proxyBeanMethods = false)
class EntityManagerConfiguration {

  @Bean
  EntityIdCheckPlugin entityIdCheckPlugin() {
    return new EntityIdCheckPlugin();
  }
}
