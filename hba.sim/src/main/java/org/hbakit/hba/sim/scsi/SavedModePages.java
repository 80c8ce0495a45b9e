package org.hbakit.hba.sim.scsi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The saved values of a disk's mode pages, kept in a small text file beside a persistent medium (a real disk keeps
 * them in a reserved area): MODE SELECT with SP=1 writes them, MODE SENSE with page control 11b reads them, and they
 * become the current values at power-on and after a reset.
 * <p>
 * The file has one line per page, {@code <page code> = <page bytes in hex>} (header included, PS clear), after a
 * comment line. It is written whole to a temporary file, forced to the device and moved over the old one atomically,
 * so a crash leaves either the old or the new values, never a partial file. Loading checks every page against the
 * device's pages: a supported code, its length, and only changeable bits differing from the defaults.
 * <p>
 * Called under the disk's mode lock (MODE SELECT on a device thread, or the builder); holds nothing open.
 */
final class SavedModePages {
	private static final String COMMENT = "# HBAKit saved mode pages (MODE SELECT with SP=1): page code = page bytes";
	private static final HexFormat HEX = HexFormat.of();

	private final Path file;

	SavedModePages(Path file) {
		this.file = file;
	}

	/** The file. */
	Path file() {
		return file;
	}

	/**
	 * The saved pages, or null when none were saved (no file).
	 *
	 * @param defaults the device's default pages, which the saved ones may differ from only in changeable bits
	 * @throws IOException if the file cannot be read
	 * @throws IllegalArgumentException naming the file and the line, if it is not saved pages of this device
	 */
	ModePages load(ModePages defaults) throws IOException {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII);
		} catch (NoSuchFileException none) {
			return null;
		}
		ModePages pages = defaults;
		int number = 0;
		for (String line : text.split("\n")) {
			number++;
			String s = line.strip();
			if (s.isEmpty() || s.startsWith("#")) {
				continue;
			}
			int eq = s.indexOf('=');
			try {
				if (eq < 0) {
					throw new IllegalArgumentException("not <page code> = <hex bytes>");
				}
				int code = Integer.parseInt(s.substring(0, eq).strip(), 16);
				byte[] page = HEX.parseHex(s.substring(eq + 1).replace(" ", "").strip());
				check(code, page, defaults.page(code));
				pages = pages.with(code, page, 0);
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("saved mode pages " + file + " line " + number + ": "
						+ e.getMessage(), e);
			}
		}
		return pages;
	}

	/** Saves {@code pages}, replacing the saved values atomically; nothing changes if it throws. */
	void save(ModePages pages) throws IOException {
		StringBuilder text = new StringBuilder(COMMENT).append('\n');
		for (int code : ModePages.CODES) {
			text.append(String.format(Locale.ROOT, "%02x = ", code)).append(HEX.formatHex(pages.page(code)))
					.append('\n');
		}
		Path dir = file.toAbsolutePath().getParent();
		Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
		try {
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
				ch.force(true);
			}
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static void check(int code, byte[] page, byte[] defaults) {
		if (!ModePages.supported(code)) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "page %02xh is not supported", code));
		}
		if (page.length != ModePages.length(code) || (page[0] & 0x3F) != code
				|| (page[1] & 0xFF) != page.length - 2) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "page %02xh must be %d bytes with its header",
					code, ModePages.length(code)));
		}
		byte[] changeable = ModePages.changeable(code);
		for (int i = 2; i < page.length; i++) {
			if (((page[i] ^ defaults[i]) & ~changeable[i]) != 0) {
				throw new IllegalArgumentException(String.format(Locale.ROOT,
						"page %02xh byte %d changes bits that are not changeable", code, i));
			}
		}
	}
}
