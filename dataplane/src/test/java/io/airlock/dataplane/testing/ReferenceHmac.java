package io.airlock.dataplane.testing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC-SHA-256 computed with BouncyCastle: a code path independent of the JDK's Mac. */
public final class ReferenceHmac {
  private ReferenceHmac() {}

  public static String hex(String key, String text) {
    return hex(key.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
  }

  public static String hex(byte[] key, byte[] message) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(message, 0, message.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }
}
