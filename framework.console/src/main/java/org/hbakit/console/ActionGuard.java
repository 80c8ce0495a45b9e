package org.hbakit.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Cross-site request forgery protection for the actions (the Web Console has none of its own). An action is a
 * {@code POST} that must carry, in the {@value #TOKEN_HEADER} header, the token of the authenticated user: an
 * HMAC-SHA256 of the user name under a key drawn at random when the plugin starts, which only pages the user
 * loaded (or a client that read {@code token.json} with the user's credentials) know. A page of another origin
 * can neither read it (same-origin policy) nor send a custom header without a CORS preflight, which the console
 * never grants. In addition, a browser's {@code Origin} (or, without one, {@code Referer}) must name this
 * console's own scheme, host and port. Thread-safe.
 */
final class ActionGuard {
	/** The request header carrying the token. */
	static final String TOKEN_HEADER = "X-HBAKit-Token";
	/** The request attribute the Servlet Whiteboard's {@code ServletContextHelper.REMOTE_USER} names. */
	private static final String REMOTE_USER_ATTRIBUTE = "org.osgi.service.http.authentication.remote.user";

	private final SecretKeySpec key;

	ActionGuard() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		key = new SecretKeySpec(secret, "HmacSHA256");
	}

	/** The token of the request's authenticated user (the console authenticated the request before the plugin). */
	String token(HttpServletRequest request) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return Base64.getUrlEncoder().withoutPadding()
					.encodeToString(mac.doFinal(user(request).getBytes(StandardCharsets.UTF_8)));
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
		}
	}

	/** Why the action request must be refused, or null if it may run. */
	String refusal(HttpServletRequest request) {
		String given = request.getHeader(TOKEN_HEADER);
		if (given == null || given.isEmpty()) {
			return "missing " + TOKEN_HEADER + " header (read the token from token.json or the page)";
		}
		if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
				token(request).getBytes(StandardCharsets.UTF_8))) {
			return "wrong " + TOKEN_HEADER + " (reload the page: the plugin may have restarted)";
		}
		String origin = request.getHeader("Origin");
		if (origin != null) {
			return sameOrigin(origin, request) ? null : "cross-origin request from " + origin + " refused";
		}
		String referer = request.getHeader("Referer");
		if (referer != null && !sameOrigin(referer, request)) {
			return "cross-origin request (Referer " + referer + ") refused";
		}
		return null;
	}

	/** Whether {@code url}'s scheme, host and port are the request's own ({@code Host} header, scheme). */
	static boolean sameOrigin(String url, HttpServletRequest request) {
		try {
			URI u = URI.create(url);
			if (u.getScheme() == null || u.getHost() == null) {
				return false; // includes the opaque origin "null"
			}
			String scheme = request.getScheme().toLowerCase(Locale.ROOT);
			String host = request.getHeader("Host");
			if (host == null) {
				host = request.getServerName() + ":" + request.getServerPort();
			}
			return scheme.equals(u.getScheme().toLowerCase(Locale.ROOT))
					&& authority(host, scheme).equals(authority(u.getRawAuthority(), scheme));
		} catch (IllegalArgumentException e) {
			return false;
		}
	}

	/** {@code host:port} in lower case, with the scheme's default port made explicit. */
	private static String authority(String hostPort, String scheme) {
		String a = hostPort.toLowerCase(Locale.ROOT);
		int colon = a.lastIndexOf(':');
		if (colon < 0 || a.endsWith("]")) {
			return a + (scheme.equals("https") ? ":443" : ":80");
		}
		return a;
	}

	private static String user(HttpServletRequest request) {
		String user = request.getRemoteUser();
		if (user == null && request.getAttribute(REMOTE_USER_ATTRIBUTE) != null) {
			user = request.getAttribute(REMOTE_USER_ATTRIBUTE).toString();
		}
		return user == null ? "" : user;
	}
}
