package org.hbakit.iscsi.text;

import java.util.Map;

/**
 * The target's side of operational key negotiation (RFC 7143 §6.2 and §13): for each key the initiator offered, the
 * value to answer and the effect on {@link OperationalParameters}. Values outside a key's range or syntax are
 * answered {@code Reject}; keys the target does not know are answered {@code NotUnderstood}; declarative keys
 * (MaxRecvDataSegmentLength, InitiatorAlias) are taken without an answer, and the target declares its own
 * MaxRecvDataSegmentLength once per login.
 */
public final class KeyNegotiator {
	/** Keys a login request carries that are not operational (handled by the login itself). */
	private static final java.util.Set<String> LOGIN_KEYS = java.util.Set.of("InitiatorName", "TargetName",
			"SessionType", "AuthMethod", "InitiatorAlias", "CHAP_A", "CHAP_N", "CHAP_R", "CHAP_I", "CHAP_C");

	private final TargetLimits limits;

	public KeyNegotiator(TargetLimits limits) {
		this.limits = limits;
	}

	/** Whether the login itself, not this negotiator, handles {@code key}. */
	public static boolean isLoginKey(String key) {
		return LOGIN_KEYS.contains(key);
	}

	/**
	 * Answers one operational key into {@code answer} and applies its outcome to {@code p}.
	 *
	 * @param discovery whether the session is a discovery session (a few keys do not apply)
	 */
	public void negotiate(String key, String value, OperationalParameters p, boolean discovery,
			Map<String, String> answer) {
		switch (key) {
			case "HeaderDigest" -> answerDigest(key, value, answer, b -> p.headerDigest = b);
			case "DataDigest" -> answerDigest(key, value, answer, b -> p.dataDigest = b);
			case "MaxRecvDataSegmentLength" -> {
				int v = number(value, 512, OperationalParameters.MAX_LENGTH);
				if (v < 0) {
					answer.put(key, "Reject");
				} else {
					p.initiatorMaxRecvDataSegmentLength = v;
				}
			}
			case "MaxConnections" -> minimum(key, value, 1, 65535, limits.maxConnections(), answer,
					v -> p.maxConnections = v);
			case "InitialR2T" -> bool(key, value, answer, offered -> p.initialR2T = offered || limits.initialR2T(),
					true);
			case "ImmediateData" -> bool(key, value, answer,
					offered -> p.immediateData = offered && limits.immediateData(), false);
			case "MaxBurstLength" -> minimum(key, value, 512, OperationalParameters.MAX_LENGTH, limits.maxBurstLength(), answer,
					v -> p.maxBurstLength = v);
			case "FirstBurstLength" -> minimum(key, value, 512, OperationalParameters.MAX_LENGTH, limits.firstBurstLength(), answer,
					v -> p.firstBurstLength = v);
			case "DefaultTime2Wait" -> {
				int v = number(value, 0, 3600);
				if (v < 0) {
					answer.put(key, "Reject");
				} else {
					p.defaultTime2Wait = Math.max(v, 2);
					answer.put(key, Integer.toString(p.defaultTime2Wait));
				}
			}
			case "DefaultTime2Retain" -> minimum(key, value, 0, 3600, 20, answer, v -> p.defaultTime2Retain = v);
			case "MaxOutstandingR2T" -> minimum(key, value, 1, 65535, limits.maxOutstandingR2T(), answer,
					v -> p.maxOutstandingR2T = v);
			case "DataPDUInOrder" -> bool(key, value, answer, offered -> p.dataPDUInOrder = true, true);
			case "DataSequenceInOrder" -> bool(key, value, answer, offered -> p.dataSequenceInOrder = true, true);
			case "ErrorRecoveryLevel" -> minimum(key, value, 0, 2, 0, answer, v -> p.errorRecoveryLevel = v);
			case "IFMarker", "OFMarker" -> bool(key, value, answer, offered -> {
			}, false);
			case "IFMarkInt", "OFMarkInt" -> answer.put(key, "Irrelevant");
			case "TaskReporting" -> answer.put(key, "RFC3720");
			case "iSCSIProtocolLevel" -> minimum(key, value, 0, 31, 1, answer, v -> {
			});
			default -> answer.put(key, "NotUnderstood");
		}
		if (discovery && p.maxConnections != 1) {
			p.maxConnections = 1;
		}
	}

	/** The declaration of our own receive limit, sent once per login. */
	public String declaredMaxRecvDataSegmentLength() {
		return Integer.toString(limits.maxRecvDataSegmentLength());
	}

	private static void answerDigest(String key, String value, Map<String, String> answer,
			java.util.function.Consumer<Boolean> apply) {
		for (String option : value.split(",", 8)) {
			if (option.equals("CRC32C")) {
				apply.accept(true);
				answer.put(key, "CRC32C");
				return;
			}
			if (option.equals("None")) {
				apply.accept(false);
				answer.put(key, "None");
				return;
			}
		}
		answer.put(key, "Reject");
	}

	private static void minimum(String key, String value, int min, int max, int ours, Map<String, String> answer,
			java.util.function.IntConsumer apply) {
		int v = number(value, min, max);
		if (v < 0) {
			answer.put(key, "Reject");
			return;
		}
		int result = Math.min(v, ours);
		apply.accept(result);
		answer.put(key, Integer.toString(result));
	}

	/** A boolean key: {@code or} true for OR semantics (the answer is ours OR theirs), false for AND. */
	private void bool(String key, String value, Map<String, String> answer,
			java.util.function.Consumer<Boolean> apply, boolean or) {
		boolean offered;
		if (value.equals("Yes")) {
			offered = true;
		} else if (value.equals("No")) {
			offered = false;
		} else {
			answer.put(key, "Reject");
			return;
		}
		boolean ours = switch (key) {
			case "InitialR2T" -> limits.initialR2T();
			case "ImmediateData" -> limits.immediateData();
			case "DataPDUInOrder", "DataSequenceInOrder" -> true;
			default -> false; // markers
		};
		boolean result = or ? offered || ours : offered && ours;
		apply.accept(offered);
		answer.put(key, OperationalParameters.yesNo(result));
	}

	/** A decimal number within [min, max], or -1. */
	static int number(String value, int min, int max) {
		if (value.isEmpty() || value.length() > 10) {
			return -1;
		}
		long v = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			v = v * 10 + (c - '0');
		}
		return v < min || v > max ? -1 : (int) v;
	}
}
