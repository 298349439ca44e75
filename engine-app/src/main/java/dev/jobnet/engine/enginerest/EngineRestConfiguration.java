package dev.jobnet.engine.enginerest;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.autoconfigure.web.servlet.JerseyApplicationPath;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * Registers {@link EngineLookupFilter} on the engine REST API's path, its {@link SharedObjectMapper} and
 * the {@link StartByKeyResource}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class EngineRestConfiguration {

  @Bean
  FilterRegistrationBean<EngineLookupFilter> engineLookupFilter(JerseyApplicationPath engineRestPath) {
    FilterRegistrationBean<EngineLookupFilter> registration = new FilterRegistrationBean<>(new EngineLookupFilter());
    registration.setName("jobnet-engine-lookup");
    registration.addUrlPatterns(engineRestPath.getUrlMapping());
    registration.setAsyncSupported(true);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    return registration;
  }

  @Bean
  SharedObjectMapper sharedObjectMapper() {
    return new SharedObjectMapper();
  }

  @Bean
  ResourceConfigCustomizer sharedObjectMapperForEngineRest(SharedObjectMapper mapper) {
    return config -> config.register(mapper);
  }

  @Bean
  StartByKeyResource startByKeyResource(ObjectProvider<ProcessEngine> engine, SharedObjectMapper mapper) {
    // the engine is looked up at the first start, not while the web server is being created
    return new StartByKeyResource(SingletonSupplier.of(engine::getObject), mapper);
  }

  @Bean
  ResourceConfigCustomizer startByKeyForEngineRest(StartByKeyResource resource) {
    return config -> config.register(resource);
  }
}
