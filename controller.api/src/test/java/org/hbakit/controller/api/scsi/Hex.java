package org.hbakit.controller.api.scsi;

/** Test helper: hex strings such as {@code "70 00 05"} to bytes and back. */
final class Hex {
	private Hex() {
	}

	static byte[] bytes(String hex) {
		String s = hex.replace(" ", "");
		byte[] b = new byte[s.length() / 2];
		for (int i = 0; i < b.length; i++) {
			b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
		}
		return b;
	}

	static String of(byte[] b, int off, int len) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < len; i++) {
			if (i > 0) {
				sb.append(' ');
			}
			sb.append(String.format("%02X", b[off + i] & 0xFF));
		}
		return sb.toString();
	}

	static String of(byte[] b, int len) {
		return of(b, 0, len);
	}
}
