package org.hbakit.iscsi.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The target's side of one CHAP authentication (RFC 7143 §12.1.3 with MD5, RFC 1994): offer the algorithm, send
 * an identifier and a random challenge, check the initiator's CHAP_N and CHAP_R, and, when the initiator sends its
 * own CHAP_I and CHAP_C (mutual CHAP), answer with the target's name and response. Binary values are accepted in
 * hexadecimal ({@code 0x}) and base64 ({@code 0b}) and sent in hexadecimal. Responses are compared in constant time.
 * One instance per login; used by the connection's event loop only.
 */
public final class ChapExchange {
	/** CHAP_A value of MD5. */
	static final String MD5 = "5";
	private static final int CHALLENGE_LENGTH = 32;
	private static final SecureRandom RANDOM = new SecureRandom();

	/** Where the exchange is. */
	public enum State {
		/** Waiting for CHAP_A. */
		AWAIT_ALGORITHM,
		/** Challenge sent; waiting for CHAP_N and CHAP_R. */
		AWAIT_RESPONSE,
		/** The initiator proved its identity. */
		AUTHENTICATED
	}

	/** A failed authentication, with the login status to answer. */
	public static final class Failure extends Exception {
		private static final long serialVersionUID = 1L;
		final int status;

		Failure(int status, String message) {
			super(message);
			this.status = status;
		}
	}

	private final ChapCredentials credentials;
	private State state = State.AWAIT_ALGORITHM;
	private int identifier;
	private byte[] challenge;

	public ChapExchange(ChapCredentials credentials) {
		this.credentials = credentials;
	}

	public State state() {
		return state;
	}

	/**
	 * Processes the CHAP keys of one login request and puts the answer keys into {@code answer}.
	 *
	 * @throws Failure when the initiator's answer is wrong or incomplete
	 */
	public void process(Map<String, String> keys, Map<String, String> answer) throws Failure {
		switch (state) {
			case AWAIT_ALGORITHM -> {
				String algorithms = keys.get("CHAP_A");
				if (algorithms == null) {
					return; // still choosing AuthMethod
				}
				boolean md5 = false;
				for (String a : algorithms.split(",", 16)) {
					md5 |= a.trim().equals(MD5);
				}
				if (!md5) {
					answer.put("CHAP_A", "Reject");
					throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "CHAP_A offers no MD5: " + algorithms);
				}
				identifier = RANDOM.nextInt(256);
				challenge = new byte[CHALLENGE_LENGTH];
				RANDOM.nextBytes(challenge);
				answer.put("CHAP_A", MD5);
				answer.put("CHAP_I", Integer.toString(identifier));
				answer.put("CHAP_C", "0x" + HexFormat.of().formatHex(challenge));
				state = State.AWAIT_RESPONSE;
			}
			case AWAIT_RESPONSE -> {
				String name = keys.get("CHAP_N");
				String response = keys.get("CHAP_R");
				if (name == null || response == null) {
					throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "CHAP_N or CHAP_R missing");
				}
				byte[] expected = md5(identifier, credentials.secret(), challenge);
				byte[] received = decode(response);
				if (!name.equals(credentials.user()) || received == null
						|| !MessageDigest.isEqual(expected, received)) {
					throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "wrong CHAP name or response for " + name);
				}
				String peerIdentifier = keys.get("CHAP_I");
				String peerChallenge = keys.get("CHAP_C");
				if (peerIdentifier != null || peerChallenge != null) {
					answerMutual(peerIdentifier, peerChallenge, answer);
				}
				state = State.AUTHENTICATED;
			}
			case AUTHENTICATED -> {
				if (keys.containsKey("CHAP_N") || keys.containsKey("CHAP_R") || keys.containsKey("CHAP_A")) {
					throw new Failure(LoginStatus.INITIATOR_ERROR, "CHAP keys after authentication");
				}
			}
		}
	}

	private void answerMutual(String peerIdentifier, String peerChallenge, Map<String, String> answer)
			throws Failure {
		if (!credentials.mutual()) {
			throw new Failure(LoginStatus.AUTHENTICATION_FAILURE,
					"the initiator asks for mutual CHAP, which is not configured");
		}
		if (peerIdentifier == null || peerChallenge == null) {
			throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "mutual CHAP without both CHAP_I and CHAP_C");
		}
		int id;
		try {
			id = Integer.parseInt(peerIdentifier.trim());
		} catch (NumberFormatException e) {
			throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "CHAP_I is not a number: " + peerIdentifier);
		}
		byte[] c = decode(peerChallenge);
		if (id < 0 || id > 255 || c == null || c.length == 0) {
			throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "malformed mutual CHAP_I or CHAP_C");
		}
		if (MessageDigest.isEqual(c, challenge)) {
			// RFC 7143 §12.1.3: a target must not answer its own challenge (reflection attack)
			throw new Failure(LoginStatus.AUTHENTICATION_FAILURE, "the initiator reflected the target's challenge");
		}
		answer.put("CHAP_N", credentials.targetUser());
		answer.put("CHAP_R", "0x" + HexFormat.of().formatHex(md5(id, credentials.targetSecret(), c)));
	}

	/** MD5(identifier || secret || challenge), RFC 1994 §4.1. */
	static byte[] md5(int identifier, String secret, byte[] challenge) {
		try {
			MessageDigest md = MessageDigest.getInstance("MD5");
			md.update((byte) identifier);
			md.update(secret.getBytes(StandardCharsets.UTF_8));
			md.update(challenge);
			return md.digest();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JDK has no MD5", e);
		}
	}

	/** A binary value in 0x (hexadecimal) or 0b (base64) encoding (RFC 7143 §6.1), or null if malformed. */
	static byte[] decode(String value) {
		if (value.length() < 3 || value.charAt(0) != '0') {
			return null;
		}
		String digits = value.substring(2);
		try {
			return switch (value.charAt(1)) {
				case 'x', 'X' -> HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits);
				case 'b', 'B' -> Base64.getDecoder().decode(digits);
				default -> null;
			};
		} catch (IllegalArgumentException e) {
			return null;
		}
	}
}
