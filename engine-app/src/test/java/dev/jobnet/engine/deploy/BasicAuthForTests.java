package dev.jobnet.engine.deploy;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * HTTP Basic authentication of {@code /jobnet-api/*} for the deployment tests, done as Camunda's own
 * authentication filter does it (check the password, put the user, groups and tenants on the engine's
 * thread). Stands in for the security layer, which arrives separately; with it in place the two agree
 * and this filter only repeats what it did.
 */
@TestConfiguration(proxyBeanMethods = false)
public class BasicAuthForTests {

  @Bean
  FilterRegistrationBean<Filter> testBasicAuthentication(IdentityService identity) {
    Filter filter = (req, res, chain) -> {
      HttpServletRequest request = (HttpServletRequest) req;
      String header = request.getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        chain.doFilter(req, res);
        return;
      }
      String[] credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8)
          .split(":", 2);
      if (credentials.length != 2 || !identity.checkPassword(credentials[0], credentials[1])) {
        HttpServletResponse response = (HttpServletResponse) res;
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/json");
        response.getWriter().write("{\"message\":\"wrong user or password\",\"findings\":[]}");
        return;
      }
      String user = credentials[0];
      identity.setAuthentication(user,
          identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList(),
          identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream().map(Tenant::getId).toList());
      try {
        chain.doFilter(req, res);
      } finally {
        identity.clearAuthentication();
      }
    };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/jobnet-api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
