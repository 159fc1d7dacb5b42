package io.airlock.dataplane.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.dataplane.enrollment.Enrolled;
import io.airlock.dataplane.enrollment.Enrollment;
import io.airlock.dataplane.enrollment.WorkDir;
import io.airlock.dataplane.testing.TestingCa;
import io.airlock.dataplane.testing.TestingConnectProxy;
import io.airlock.dataplane.testing.TestingControlPlane;
import io.airlock.protocol.lease.LeaseRequest;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyTest {
  @TempDir Path dir;

  @Test
  void enrollmentAndLeasesGoThroughTheConfiguredProxy() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(TestingCa.create("CA"));
        TestingConnectProxy proxy = new TestingConnectProxy()) {
      Enrolled enrolled =
          new Enrollment(new WorkDir(dir), proxy.uri(), Clock.systemUTC())
              .establish(controlPlane.uri(), controlPlane.token());
      assertThat(proxy.tunnels).containsExactly("127.0.0.1:" + controlPlane.port());

      try (ControlPlaneClient client =
          new ControlPlaneClient(
              controlPlane.uri(), enrolled.credentials().sslContext(), proxy.uri())) {
        assertThat(client.lease(new LeaseRequest(1))).isEmpty();
      }

      assertThat(proxy.tunnels).hasSize(2);
      assertThat(controlPlane.leasePolls).hasValue(1);
    }
  }
}
