package io.airlock.controlplane;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** The Spring Boot application behind {@link ControlPlane}; start it through that class. */
@SpringBootApplication(
    proxyBeanMethods = false,
    exclude = UserDetailsServiceAutoConfiguration.class)
class ControlPlaneApplication {}
