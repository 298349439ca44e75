package dev.jobnet.engine.protocol;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The protocol filter on the engine's external-task REST API and on our own API, after authentication. */
@Configuration(proxyBeanMethods = false)
class ProtocolConfiguration {

  /** After the authentication filters ({@code RestAuthenticationConfiguration}, HIGHEST_PRECEDENCE + 100). */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

  @Bean
  FilterRegistrationBean<ProtocolFilter> protocolFilter() {
    FilterRegistrationBean<ProtocolFilter> registration = new FilterRegistrationBean<>(new ProtocolFilter());
    registration.setName("jobnetProtocolFilter");
    registration.addUrlPatterns("/engine-rest/external-task/*", "/jobnet-api/*");
    registration.setAsyncSupported(true);
    registration.setOrder(ORDER);
    return registration;
  }
}
