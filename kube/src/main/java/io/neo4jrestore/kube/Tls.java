package io.neo4jrestore.kube;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for talking to an API server the way kubectl does, with the JDK alone: trust only the
 * kubeconfig's CA when it names one (the JDK's trust store otherwise), {@code
 * insecure-skip-tls-verify}, {@code tls-server-name}, and a client certificate that is always
 * offered (kubectl does not filter it by the CAs the server lists).
 */
public final class Tls {
  private Tls() {}

  /** A client certificate chain (leaf first) and its private key. */
  public record Identity(List<X509Certificate> chain, PrivateKey key) {}

  /**
   * A client identity, checked the way kubectl checks it before connecting: the key must be of the
   * certificate's kind and, for RSA, the certificate's own key.
   *
   * @throws IllegalArgumentException when the key does not belong to the certificate
   */
  public static Identity identity(List<X509Certificate> chain, PrivateKey key) {
    X509Certificate leaf = chain.get(0);
    PublicKey pub = leaf.getPublicKey();
    boolean matches =
        family(pub.getAlgorithm()).equals(family(key.getAlgorithm()))
            && !(pub instanceof RSAPublicKey r
                && key instanceof RSAKey k
                && !r.getModulus().equals(k.getModulus()));
    if (!matches) {
      throw new IllegalArgumentException(
          "the private key ("
              + key.getAlgorithm()
              + ") is not the key of the certificate "
              + leaf.getSubjectX500Principal().getName()
              + " ("
              + pub.getAlgorithm()
              + "); check that client-certificate and client-key belong together");
    }
    return new Identity(List.copyOf(chain), key);
  }

  private static String family(String algorithm) {
    return switch (algorithm) {
      case "RSASSA-PSS" -> "RSA";
      case "Ed25519", "Ed448" -> "EdDSA";
      default -> algorithm;
    };
  }

  /**
   * A TLS context.
   *
   * @param ca the CA certificates to trust, or null for the JDK's default trust store
   * @param insecure accept any server certificate ({@code insecure-skip-tls-verify})
   * @param serverName check the server's certificate for this name rather than the URL's host
   *     ({@code tls-server-name}), or null
   * @param identity the client certificate, or null
   */
  public static SSLContext context(
      List<X509Certificate> ca, boolean insecure, String serverName, Identity identity)
      throws GeneralSecurityException {
    X509ExtendedTrustManager trust;
    if (insecure) {
      trust = new TrustAll();
    } else {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (ca == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
          store.load(null, null);
        } catch (java.io.IOException e) {
          throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < ca.size(); i++) {
          store.setCertificateEntry("ca-" + i, ca.get(i));
        }
        tmf.init(store);
      }
      trust = x509(tmf.getTrustManagers());
      if (serverName != null) {
        trust = new ForName(trust, serverName);
      }
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        identity == null ? null : new javax.net.ssl.KeyManager[] {new Always(identity)},
        new TrustManager[] {trust},
        null);
    return ctx;
  }

  private static X509ExtendedTrustManager x509(TrustManager[] managers)
      throws GeneralSecurityException {
    for (TrustManager m : managers) {
      if (m instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
  }

  /**
   * Whether {@code cert} is valid for {@code name}: a subjectAltName DNS entry (a {@code *} only as
   * the whole leftmost label, matching one label) or IP address entry; like Go's crypto/x509, the
   * subject's common name is not used.
   */
  static void checkName(String name, X509Certificate cert) throws CertificateException {
    String host = name.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    InetAddress ip = ipLiteral(host);
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CertificateException("cannot read the server certificate's names", e);
    }
    List<String> names = new ArrayList<>();
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        names.add(value);
        if (ip != null && type == 7 && ip.equals(ipLiteral(value))) {
          return;
        }
        if (ip == null && type == 2 && dnsMatches(value.toLowerCase(Locale.ROOT), host)) {
          return;
        }
      }
    }
    throw new CertificateException(
        "the server's certificate is not valid for "
            + name
            + " (it is for "
            + (names.isEmpty() ? "no subjectAltName" : String.join(", ", names))
            + ")");
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.endsWith(".")) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    if (pattern.equals(host)) {
      return true;
    }
    if (!pattern.startsWith("*.") || pattern.indexOf('.', 2) < 0) {
      return false;
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1));
  }

  /** The address when {@code s} is an IPv4 or IPv6 literal (no name lookup), else null. */
  private static InetAddress ipLiteral(String s) {
    String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    if (!v.matches("[0-9.]+") && !(v.contains(":") && v.matches("[0-9a-fA-F:.]+"))) {
      return null;
    }
    try {
      return InetAddress.getByName(v);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * A client's trust manager: every server check comes down to {@link #checkServerTrusted(
   * X509Certificate[], String)} (the TLS engine's own name check is then not made: the subclass
   * makes its own or none); client checks are refused.
   */
  private abstract static class ServerChecks extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }
  }

  /** The PKIX checks of the delegate, with the name check against {@code tls-server-name}. */
  private static final class ForName extends ServerChecks {
    private final X509ExtendedTrustManager delegate;
    private final String name;

    ForName(X509ExtendedTrustManager delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType); // the chain; no host name check
      checkName(name, chain[0]);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /** {@code insecure-skip-tls-verify: true}: no chain and no name check. */
  private static final class TrustAll extends ServerChecks {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * Offers the one client certificate whenever its key type is asked for, whatever CAs the server
   * lists (as client-go does).
   */
  private static final class Always extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final Identity identity;
    private final String keyType;

    Always(Identity identity) {
      this.identity = identity;
      String algorithm = identity.key().getAlgorithm();
      this.keyType = algorithm.equals("Ed25519") || algorithm.equals("Ed448") ? "EdDSA" : algorithm;
    }

    private String choose(String[] keyTypes) {
      if (keyTypes == null) {
        return ALIAS;
      }
      for (String k : keyTypes) {
        if (keyType.equals(k)) {
          return ALIAS;
        }
      }
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return choose(keyTypes);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return choose(new String[] {keyType}) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? identity.chain().toArray(new X509Certificate[0]) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? identity.key() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
